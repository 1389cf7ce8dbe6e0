import { decodeHistogram } from '../metrics/histogram-codec.js'
import type { LatencyMetric } from '../metrics/latency-recorder.js'
import { percentileMs } from '../metrics/latency-summary.js'
import { isReconciliation } from '../portfolio/invariant-ids.js'
import type { InvariantViolation } from '../portfolio/trading-log.js'
import type { CriterionResult } from './criterion.js'
import { errorRatePct, type ScenarioRunData } from './scenario-result.js'

const METRIC_LABEL: Record<LatencyMetric, string> = {
  decision: 'decision latency',
  service: 'service time',
  scheduleLag: 'schedule lag',
  pipeline: 'pipeline latency',
  engine: "decision latency the engine caused (without the generator's lag)",
}

const METRIC_ID: Record<LatencyMetric, string> = {
  decision: 'decision',
  service: 'service',
  scheduleLag: 'schedule_lag',
  pipeline: 'pipeline',
  engine: 'engine',
}

/**
 * The value at `percentile` of one latency metric of a run, in ms (read from its histogram).
 *
 * @example
 * latencyAt(result, 99.9, 'service') // raw service time p99.9
 */
export function latencyAt(run: ScenarioRunData, percentile: number, metric: LatencyMetric): number {
  if (percentile === 99) return run.latency[metric].p99Ms
  const histogram = decodeHistogram(run.histograms[metric])
  try {
    return percentileMs(histogram, percentile)
  } finally {
    histogram.destroy()
  }
}

const percentileId = (p: number): string => `p${String(p).replace('.', '_')}`

/**
 * `metric` latency at `percentile` < `ms`.
 *
 * @example
 * percentileBelow(result, 99, 15) // { id: 'decision_p99_ms', pass: true, ... }
 */
export function percentileBelow(
  run: ScenarioRunData,
  percentile: number,
  ms: number,
  metric: LatencyMetric = 'decision',
): CriterionResult {
  const actual = latencyAt(run, percentile, metric)
  return {
    id: `${METRIC_ID[metric]}_${percentileId(percentile)}_ms`,
    description: `${METRIC_LABEL[metric]} ${percentileId(percentile)} < ${ms} ms`,
    comparison: '<',
    threshold: ms,
    actual,
    unit: 'ms',
    pass: actual < ms,
  }
}

/**
 * No fill beyond a hard limit.
 *
 * @example
 * zeroBreaches(result).pass
 */
export function zeroBreaches(run: ScenarioRunData): CriterionResult {
  const actual = run.breaches.count
  return {
    id: 'hard_limit_breaches',
    description: 'hard-limit breaches == 0',
    comparison: '==',
    threshold: 0,
    actual,
    unit: 'count',
    pass: actual === 0,
  }
}

/**
 * Peak-to-trough equity drawdown < `pct`.
 *
 * @example
 * drawdownBelow(result, 15) // { id: 'max_drawdown_pct', actual: 5.5, pass: true, ... }
 */
export function drawdownBelow(run: ScenarioRunData, pct: number): CriterionResult {
  const actual = run.portfolio.maxDrawdownPct
  return {
    id: 'max_drawdown_pct',
    description: `max drawdown < ${pct}%`,
    comparison: '<',
    threshold: pct,
    actual,
    unit: 'pct',
    pass: actual < pct,
  }
}

/**
 * Sum of absolute final positions == 0.
 *
 * @example
 * endsFlat(result).actual // 0 when flat
 */
export function endsFlat(run: ScenarioRunData): CriterionResult {
  const actual = Object.values(run.portfolio.finalPositions).reduce((s, q) => s + Math.abs(q), 0)
  return {
    id: 'final_position_qty',
    description: 'final position == 0',
    comparison: '==',
    threshold: 0,
    actual,
    unit: 'qty',
    pass: actual === 0,
  }
}

/**
 * Errors per dispatched decision < `pct` percent.
 *
 * @example
 * errorRateBelow(result, 0.1)
 */
export function errorRateBelow(run: ScenarioRunData, pct: number): CriterionResult {
  const actual = errorRatePct(run.decisions)
  return {
    id: 'error_rate_pct',
    description: `error rate < ${pct}%`,
    comparison: '<',
    threshold: pct,
    actual,
    unit: 'pct',
    pass: actual < pct,
  }
}

/**
 * Memory growth between the start and the end of the run < `bytes`: the V8 heap plus the
 * memory outside it that JS objects hold (Buffers, typed arrays), so a leak of either counts.
 *
 * @example
 * memoryGrowthBelow(result, 50 * 1024 * 1024)
 */
export function memoryGrowthBelow(run: ScenarioRunData, bytes: number): CriterionResult {
  const m = run.environment.memory
  const external = (m.externalEndBytes ?? 0) - (m.externalStartBytes ?? 0)
  const actual = m.heapUsedEndBytes - m.heapUsedStartBytes + external
  return {
    id: 'memory_growth_bytes',
    description: `memory growth (heap and external) < ${bytes} bytes`,
    comparison: '<',
    threshold: bytes,
    actual,
    unit: 'bytes',
    pass: actual < bytes,
  }
}

/**
 * Answered decisions (approved, trimmed or rejected) per second of the run > `perSecond`.
 *
 * @example
 * throughputAbove(result, 950)
 */
export function throughputAbove(run: ScenarioRunData, perSecond: number): CriterionResult {
  const { approved, trimmed, rejected } = run.decisions
  const actual = run.durationMs > 0 ? ((approved + trimmed + rejected) / run.durationMs) * 1000 : 0
  return {
    id: 'throughput_per_second',
    description: `throughput > ${perSecond}/s`,
    comparison: '>',
    threshold: perSecond,
    actual,
    unit: 'per_second',
    pass: actual > perSecond,
  }
}

/**
 * Nothing left in the Redis decision queue at the end (fails when the run had no pipeline).
 *
 * @example
 * zeroBacklog(result).pass
 */
export function zeroBacklog(run: ScenarioRunData): CriterionResult {
  const actual = run.pipeline?.backlog ?? Number.NaN
  return {
    id: 'redis_backlog',
    description: 'Redis decision backlog == 0',
    comparison: '==',
    threshold: 0,
    actual,
    unit: 'count',
    pass: actual === 0,
  }
}

/**
 * No risk-increasing order sent after a pause or halt was acknowledged (needs a venue run).
 *
 * @example
 * noOrderLeaks(result).actual // leaked orders
 */
export function noOrderLeaks(run: ScenarioRunData): CriterionResult {
  const leaks = (run.venue?.violations ?? []).filter((v) => v.invariant === 'order_leak')
  const actual = run.venue ? leaks.reduce((n, v) => n + (v.orderIds?.length ?? 1), 0) : Number.NaN
  return {
    id: 'order_leaks',
    description: 'orders leaked while paused == 0',
    comparison: '==',
    threshold: 0,
    actual,
    unit: 'count',
    pass: actual === 0,
  }
}

/**
 * From the first time the broker link was found down to trading again after it came back < `ms`.
 * An outage that never recovered counts as Infinity; a run without an outage fails (nothing was tested).
 *
 * @example
 * recoveredWithin(result, 25_000)
 */
export function recoveredWithin(run: ScenarioRunData, ms: number): CriterionResult {
  const link = run.link
  const actual =
    link === undefined || link.downs.length === 0
      ? Number.NaN
      : (link.recoveryMs ?? Number.POSITIVE_INFINITY)
  return {
    id: 'recovery_ms',
    description: `recovery < ${ms} ms`,
    comparison: '<',
    threshold: ms,
    actual,
    unit: 'ms',
    pass: actual < ms,
  }
}

/**
 * The engine, Redis and the fills agree on positions and cash, no fill was lost, duplicated or
 * unexpected, and PnL recomputed exactly from the fills is within `toleranceUsd` of the books.
 *
 * @example
 * reconciled(result, 1)
 */
export function reconciled(run: ScenarioRunData, toleranceUsd: number): CriterionResult {
  const broken = reconciliationBreaks(run).filter((v) => v.invariant !== 'pnl')
  const pnlDelta = run.venue?.pnlDeltaUsd ?? Number.NaN
  const actual = run.venue ? broken.length + (pnlDelta <= toleranceUsd ? 0 : 1) : Number.NaN
  return {
    id: 'reconciliation_breaks',
    description: `books reconciled (PnL within $${toleranceUsd})`,
    comparison: '==',
    threshold: 0,
    actual,
    unit: 'count',
    pass: actual === 0,
  }
}

/**
 * No decision dropped at the `maxInFlight` cap: the built-in criterion of a run that sets one.
 * A drop means the engine left that many decisions unanswered when the next was due.
 *
 * @example
 * noneDropped(0, 1_000) // { id: 'decisions_dropped', pass: true, ... }
 */
export function noneDropped(dropped: number, maxInFlight: number): CriterionResult {
  return {
    id: 'decisions_dropped',
    description: `no decision dropped (maxInFlight ${maxInFlight} decisions waiting for the engine)`,
    comparison: '==',
    threshold: 0,
    actual: dropped,
    unit: 'count',
    pass: dropped === 0,
  }
}

/**
 * The broken invariants that say the books disagree (positions, cash, PnL, lost, duplicate,
 * unexpected or over-filled fills): what `reconciled` counts and `toBeReconciled` lists.
 *
 * @example
 * reconciliationBreaks(result).map((v) => v.invariant) // ['cash']
 */
export function reconciliationBreaks(run: ScenarioRunData): readonly InvariantViolation[] {
  return (run.venue?.violations ?? []).filter((v) => isReconciliation(v.invariant))
}
