import { z } from 'zod'
import {
  drawdownBelow,
  endsFlat,
  errorRateBelow,
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
  evaluate(run: ScenarioRunData, option: O): CriterionResult
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
  },
  zeroBreaches: {
    id: 'hard_limit_breaches',
    option: on,
    description: 'no fill leaves a position beyond the hard limits',
    matcher: 'toHaveZeroBreaches',
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
} as const satisfies Registry

type Key = keyof typeof CRITERIA
const KEYS = Object.keys(CRITERIA) as Key[]

/** The `criteria` option of a spec, validated from the registry: a known key and its option. */
export const criteriaSchema = z
  .object(Object.fromEntries(KEYS.map((key) => [key, CRITERIA[key].option.optional()])))
  .strict()

/**
 * Evaluates the criteria a spec declares, in the registry's order (`false` and absent are off).
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
    results.push(definition.evaluate(run, option))
  }
  return results
}
