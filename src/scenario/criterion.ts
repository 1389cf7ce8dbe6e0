/** One pass/fail check of a run: what was required, what was measured, and the verdict. */
export interface CriterionResult {
  /** Stable key, e.g. `decision_p99_ms`; used as the metric name in reports. */
  readonly id: string
  /** Human sentence, e.g. `decision latency p99 < 15 ms`. */
  readonly description: string
  readonly comparison: '<' | '>' | '=='
  readonly threshold: number
  readonly actual: number
  readonly unit: 'ms' | 'pct' | 'count' | 'qty' | 'bytes' | 'per_second'
  readonly pass: boolean
}

/** Pass criteria a scenario can declare as data; each has a matching matcher. */
export interface ScenarioCriteria {
  /** Decision latency p99 (coordinated-omission corrected) must be below this, in ms. */
  decisionP99Ms?: number
  /** No fill may leave a position beyond the hard limits. */
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
}
