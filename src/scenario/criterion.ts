/** One pass/fail check of a run: what was required, what was measured, and the verdict. */
export interface CriterionResult {
  /** Stable key, e.g. `decision_p99_ms`; used as the metric name in reports. */
  readonly id: string
  /** Human sentence, e.g. `decision latency p99 < 15 ms`. */
  readonly description: string
  readonly comparison: '<' | '<=' | '>' | '=='
  readonly threshold: number
  readonly actual: number
  readonly unit: 'ms' | 'pct' | 'count' | 'qty' | 'bytes' | 'per_second'
  readonly pass: boolean
  /** The clock of the run that judged it: exact simulated time, or real time. */
  readonly clock?: 'simulated' | 'real'
}

/**
 * Whether a criterion depends on timing (a latency, a rate per second, a recovery time): such a
 * criterion cannot be trusted on a run whose generator fell behind, unless it is judged on the
 * part of the latency the engine caused alone (`engine_*`). The others (breaches, leaks,
 * errors, invariants, flatness, drawdown, memory) are judged whatever the generator did.
 *
 * @example
 * dependsOnTiming({ id: 'decision_p99_ms', unit: 'ms', ... }) // true
 * dependsOnTiming({ id: 'hard_limit_breaches', unit: 'count', ... }) // false
 */
export function dependsOnTiming(criterion: Pick<CriterionResult, 'id' | 'unit'>): boolean {
  if (criterion.id.startsWith('engine_')) return false
  return criterion.unit === 'ms' || criterion.unit === 'per_second'
}

/**
 * Pass criteria a scenario declares as data. The built-in ones (`maxErrorRatePct`,
 * `allAnswered`, `zeroBreaches`, `invariantsHold`, `servicesHealthy`, `simulatedClockOnly`) are
 * judged on every run they apply to
 * unless the spec sets them to `false`, which the report records.
 */
export interface ScenarioCriteria {
  /** Decision latency p99 (coordinated-omission corrected) must be below this, in ms. */
  decisionP99Ms?: number
  /** No fill may leave a position beyond the hard limits. Built in. @default true */
  zeroBreaches?: boolean
  /** Peak-to-trough equity drawdown must be below this, in percent. */
  maxDrawdownPct?: number
  /** Every position must be zero at the end of the run. */
  endFlat?: boolean
  /** The generator's own lag p99 must be below this, in ms. */
  scheduleLagP99Ms?: number
  /** Pipeline latency p99 (decision to queue consumer) must be below this, in ms. */
  pipelineP99Ms?: number
  /** Nothing may be left in the Redis decision queue at the end. */
  zeroBacklog?: boolean
  /** Errors per dispatched decision must be below this, in percent. */
  errorRatePct?: number
  /** V8 heap growth over the run must be below this, in bytes. */
  memoryGrowthBytes?: number
  /** Answered decisions per second must be above this. */
  throughputPerSecond?: number
  /** No risk-increasing order after a pause was acknowledged (venue runs). */
  noOrderLeaks?: boolean
  /** Recovery from a broker outage must take less than this, in ms. */
  recoveryMs?: number
  /** Books must reconcile, with PnL recomputed from fills within this many USD (venue runs). */
  reconciledWithinUsd?: number
  /**
   * Errors per dispatched decision must be at most this, in percent. Built in.
   * @default 0.1 (the seed's threshold)
   */
  maxErrorRatePct?: number | false
  /** Every decision must be answered before the drain timeout. Built in. @default true */
  allAnswered?: boolean
  /** No portfolio invariant may break on the venue's order log (venue runs). Built in. @default true */
  invariantsHold?: boolean
  /**
   * The services the scenario depends on (Redis, for a pipeline, the control loop or a Redis
   * fault) must stay usable for the whole run. Built in. @default true
   */
  servicesHealthy?: boolean
  /**
   * In simulated time, the engine must never read the wall clock or set a real timer: it times
   * everything by `options.clock`. Built in (simulated runs). @default true
   */
  simulatedClockOnly?: boolean
}
