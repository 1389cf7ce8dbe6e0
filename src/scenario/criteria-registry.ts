import { z } from 'zod'
import {
  errorRateAtMost,
  everyDecisionAnswered,
  invariantsHold,
  servicesHealthy,
  simulatedClockOnly,
} from './builtin-criteria.js'
import {
  drawdownBelow,
  endsFlat,
  errorRateBelow,
  latencyAt,
  memoryGrowthBelow,
  noOrderLeaks,
  percentileBelow,
  reconciled,
  recoveredWithin,
  throughputAbove,
  zeroBacklog,
  zeroBreaches,
} from './criteria.js'
import type { CriterionResult, ScenarioCriteria } from './criterion.js'
import type { ScenarioRunData } from './scenario-result.js'

/** One pass criterion, written once: its id, option, evaluation, description and matcher. */
export interface CriterionDefinition<O> {
  /** Stable id of its result in reports (`CriterionResult.id`). */
  readonly id: string
  /** What the spec's option accepts; spec validation is built from these. */
  readonly option: z.ZodType<O>
  /** What it checks, for the docs. */
  readonly description: string
  /** The matcher that asserts the same inside a test, if any. */
  readonly matcher: string | undefined
  /** Judged on every run with this option unless the spec sets `false`. */
  readonly builtIn?: Exclude<O, false>
  /** Whether it can be judged on this run at all (a venue, services...). @default always */
  appliesTo?(run: ScenarioRunData): boolean
  evaluate(run: ScenarioRunData, option: Exclude<O, false>): CriterionResult
  /**
   * The same check on the part of the latency the engine caused alone: what a timing criterion
   * is judged on when the generator fell behind (it fails only if the engine alone fails it).
   */
  engineOnly?(run: ScenarioRunData, option: Exclude<O, false>): CriterionResult
  /**
   * Why a failure of this timing criterion is the harness' own doing (its work on the measuring
   * thread), if it is: the run is then inconclusive with that cause, never a failure of the
   * engine, and never green.
   */
  harnessExcuse?(run: ScenarioRunData, option: Exclude<O, false>): string | undefined
}

type Registry = {
  readonly [K in keyof ScenarioCriteria]-?: CriterionDefinition<NonNullable<ScenarioCriteria[K]>>
}

const positive = z.number().finite().positive()
const on = z.boolean()

/**
 * Every criterion a scenario can declare in `criteria`, in the order they are evaluated and
 * reported. Spec validation, `evaluateCriteria`, the matchers and the docs all read this table.
 */
export const CRITERIA = {
  decisionP99Ms: {
    id: 'decision_p99_ms',
    option: positive,
    description: 'decision latency p99 (coordinated-omission corrected) below this many ms',
    matcher: 'toHaveP99Below',
    evaluate: (run, ms) => percentileBelow(run, 99, ms),
    engineOnly: (run, ms) => percentileBelow(run, 99, ms, 'engine'),
  },
  zeroBreaches: {
    id: 'hard_limit_breaches',
    option: on,
    description: 'no fill leaves a position beyond the hard limits',
    matcher: 'toHaveZeroBreaches',
    builtIn: true,
    evaluate: (run) => zeroBreaches(run),
  },
  maxDrawdownPct: {
    id: 'max_drawdown_pct',
    option: positive,
    description: 'peak-to-trough equity drawdown below this percentage',
    matcher: 'toHaveMaxDrawdownBelow',
    evaluate: (run, pct) => drawdownBelow(run, pct),
  },
  endFlat: {
    id: 'final_position_qty',
    option: on,
    description: 'every position is zero at the end of the run',
    matcher: 'toEndFlat',
    evaluate: (run) => endsFlat(run),
  },
  scheduleLagP99Ms: {
    id: 'schedule_lag_p99_ms',
    option: positive,
    description: "the load generator's own lag p99 below this many ms",
    matcher: 'toHaveScheduleLagBelow',
    evaluate: (run, ms) => percentileBelow(run, 99, ms, 'scheduleLag'),
  },
  pipelineP99Ms: {
    id: 'pipeline_p99_ms',
    option: positive,
    description:
      'pipeline latency p99 (intended start to read from the Redis queue) below this many ms',
    matcher: 'toHaveP99Below',
    evaluate: (run, ms) => percentileBelow(run, 99, ms, 'pipeline'),
    harnessExcuse: (run, ms) => {
      const engine = latencyAt(run, 99, 'engine')
      const queue = run.pipeline?.queueP99Ms
      if (queue === undefined || engine >= ms) return undefined
      return `pipeline p99 over ${ms} ms is the harness' own: its Redis queue (verdict to read) had p99 ${queue.toFixed(2)} ms, while what the engine caused had p99 ${engine.toFixed(2)} ms`
    },
  },
  zeroBacklog: {
    id: 'redis_backlog',
    option: on,
    description: 'nothing left in the Redis decision queue at the end',
    matcher: undefined,
    evaluate: (run) => zeroBacklog(run),
  },
  errorRatePct: {
    id: 'error_rate_pct',
    option: positive,
    description: 'errors per dispatched decision below this percentage',
    matcher: 'toHaveErrorRateBelow',
    evaluate: (run, pct) => errorRateBelow(run, pct),
  },
  memoryGrowthBytes: {
    id: 'memory_growth_bytes',
    option: positive,
    description: 'V8 heap growth over the run below this many bytes',
    matcher: 'toHaveMemoryGrowthBelow',
    evaluate: (run, bytes) => memoryGrowthBelow(run, bytes),
  },
  throughputPerSecond: {
    id: 'throughput_per_second',
    option: positive,
    description: 'answered decisions per second above this',
    matcher: 'toHaveThroughputAbove',
    evaluate: (run, perSecond) => throughputAbove(run, perSecond),
  },
  noOrderLeaks: {
    id: 'order_leaks',
    option: on,
    description: 'no risk-increasing order sent while paused (venue runs)',
    matcher: 'toHaveNoOrderLeaks',
    evaluate: (run) => noOrderLeaks(run),
  },
  recoveryMs: {
    id: 'recovery_ms',
    option: positive,
    description: 'from the broker link found down to trading again below this many ms',
    matcher: 'toRecoverWithin',
    evaluate: (run, ms) => recoveredWithin(run, ms),
  },
  reconciledWithinUsd: {
    id: 'reconciliation_breaks',
    option: positive,
    description: 'the books reconcile, with PnL recomputed from the fills within this many USD',
    matcher: 'toBeReconciled',
    evaluate: (run, usd) => reconciled(run, usd),
  },
  maxErrorRatePct: {
    id: 'max_error_rate_pct',
    option: z.union([z.number().finite().nonnegative(), z.literal(false)]),
    description: "errors per dispatched decision at most this percentage (the seed's 0.1 %)",
    matcher: undefined,
    builtIn: 0.1,
    evaluate: (run, pct) => errorRateAtMost(run, pct),
  },
  allAnswered: {
    id: 'unanswered_decisions',
    option: on,
    description: 'every decision answered before the drain timeout',
    matcher: undefined,
    builtIn: true,
    evaluate: (run) => everyDecisionAnswered(run),
  },
  invariantsHold: {
    id: 'invariant_violations',
    option: on,
    description: "no portfolio invariant broken on the venue's order log",
    matcher: undefined,
    builtIn: true,
    appliesTo: (run) => run.venue !== undefined,
    evaluate: (run) => invariantsHold(run),
  },
  servicesHealthy: {
    id: 'services_lost',
    option: on,
    description:
      'the services the scenario depends on (Redis for a pipeline, control or Redis fault) usable for the whole run',
    matcher: undefined,
    builtIn: true,
    appliesTo: (run) => (run.servicesHealth?.dependsOn.length ?? 0) > 0,
    evaluate: (run) => servicesHealthy(run),
  },
  simulatedClockOnly: {
    id: 'wall_clock_reads',
    option: on,
    description:
      'in simulated time, the engine never read the wall clock or set a real timer (Date.now(), performance.now(), setTimeout...)',
    matcher: undefined,
    builtIn: true,
    appliesTo: (run) => run.time === 'simulated',
    evaluate: (run) => simulatedClockOnly(run),
  },
} as const satisfies Registry

type Key = keyof typeof CRITERIA
const KEYS = Object.keys(CRITERIA) as Key[]

/** The `criteria` option of a spec, validated from the registry: a known key and its option. */
export const criteriaSchema = z
  .object(Object.fromEntries(KEYS.map((key) => [key, CRITERIA[key].option.optional()])))
  .strict()

/** One criterion evaluated, with where it came from in the registry. */
export interface EvaluatedCriterion {
  readonly key: Key
  readonly result: CriterionResult
  /** The same check on what the engine caused alone, for timing criteria that have one. */
  readonly engineOnly?: CriterionResult
  /** Why its failure is the harness' own doing, when it is. */
  readonly excuse?: string
}

/** What a spec asks for: its declared criteria over the built-in ones; `false` turns one off. */
function requested(criteria: ScenarioCriteria): Partial<Record<Key, unknown>> {
  const out: Partial<Record<Key, unknown>> = {}
  for (const key of KEYS) {
    const builtIn = (CRITERIA[key] as CriterionDefinition<unknown>).builtIn
    const option = criteria[key] ?? builtIn
    if (option !== undefined && option !== false) out[key] = option
  }
  return out
}

/**
 * The built-in criteria a spec turned off, by id.
 *
 * @example
 * criteriaTurnedOff({ invariantsHold: false }) // ['invariant_violations']
 */
export function criteriaTurnedOff(criteria: ScenarioCriteria): string[] {
  return KEYS.filter(
    (key) =>
      (CRITERIA[key] as CriterionDefinition<unknown>).builtIn !== undefined &&
      criteria[key] === false,
  ).map((key) => CRITERIA[key].id)
}

/**
 * Evaluates the built-in criteria and those a spec declares, in the registry's order, each with
 * its engine-only counterpart when it has one, and a failure's harness excuse when it has one. A criterion that cannot apply to the run (an
 * invariant check without a venue) is left out.
 *
 * @example
 * evaluateCriteriaDetailed(result, { decisionP99Ms: 15 }).map((c) => c.key) // ['decisionP99Ms', 'zeroBreaches', ...]
 */
export function evaluateCriteriaDetailed(
  run: ScenarioRunData,
  criteria: ScenarioCriteria,
): EvaluatedCriterion[] {
  const out: EvaluatedCriterion[] = []
  for (const [key, option] of Object.entries(requested(criteria)) as [Key, unknown][]) {
    const definition = CRITERIA[key] as CriterionDefinition<unknown>
    if (definition.appliesTo && !definition.appliesTo(run)) continue
    const result = definition.evaluate(run, option)
    const engineOnly = definition.engineOnly?.(run, option)
    const excuse = result.pass ? undefined : definition.harnessExcuse?.(run, option)
    out.push({
      key,
      result,
      ...(engineOnly ? { engineOnly } : {}),
      ...(excuse ? { excuse } : {}),
    })
  }
  return out
}

/**
 * Evaluates the criteria a spec declares, in the registry's order (`false` and absent are off).
 * Built-in criteria are not added here: {@link evaluateCriteriaDetailed} does that for a run.
 *
 * @example
 * evaluateCriteria(result, { decisionP99Ms: 15, zeroBreaches: true }).every((c) => c.pass)
 */
export function evaluateCriteria(
  run: ScenarioRunData,
  criteria: ScenarioCriteria,
): CriterionResult[] {
  const results: CriterionResult[] = []
  for (const key of KEYS) {
    const option = criteria[key]
    if (option === undefined || option === false) continue
    const definition = CRITERIA[key] as CriterionDefinition<typeof option>
    results.push(definition.evaluate(run, option as Exclude<typeof option, false>))
  }
  return results
}
