import type { MatcherResult, MatcherState } from 'vitest'
import { LATENCY_METRICS, type LatencyMetric } from '../src/metrics/latency-recorder.js'
import { percentileBelow, reconciliationBreaks } from '../src/scenario/criteria.js'
import { CRITERIA } from '../src/scenario/criteria-registry.js'
import type { CriterionResult } from '../src/scenario/criterion.js'
import type { ScenarioResult } from '../src/scenario/scenario-result.js'
import { type LatencyWindow, percentileBelowIn } from '../src/scenario/window-criteria.js'
import { StressMatcherError } from './matcher-error.js'
import type { StressMatchers } from './matcher-types.js'
import { stressMeta } from './task-meta.js'

const METRICS: readonly LatencyMetric[] = LATENCY_METRICS

function asResult(received: unknown, matcher: string): ScenarioResult {
  const r = received as Partial<ScenarioResult> | null
  if (
    r === null ||
    typeof r !== 'object' ||
    typeof r.state !== 'string' ||
    r.latency === undefined
  ) {
    throw new StressMatcherError(
      `${matcher}: expected the ScenarioResult returned by runScenario(), got ${describe(received)}. Write: const result = await runScenario({...}); expect(result).${matcher}(...)`,
    )
  }
  return r as ScenarioResult
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object')
    return `an object with keys [${Object.keys(value).slice(0, 6).join(', ')}]`
  return `${typeof value} ${JSON.stringify(value)}`
}

function positiveNumber(matcher: string, name: string, value: unknown, example: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new StressMatcherError(
      `${matcher}: ${name} must be a number > 0, got ${describe(value)}. Example: expect(result).${example}`,
    )
  }
  return value
}

function metricArg(matcher: string, value: unknown): LatencyMetric {
  if (value === undefined) return 'decision'
  if (!METRICS.includes(value as LatencyMetric)) {
    throw new StressMatcherError(
      `${matcher}: metric ${describe(value)} is not one of ${METRICS.map((m) => `'${m}'`).join(', ')}. Omit it for the corrected decision latency.`,
    )
  }
  return value as LatencyMetric
}

const isWindow = (value: unknown): value is LatencyWindow =>
  typeof value === 'object' && value !== null && ('during' in value || 'everyWindowMs' in value)

/** The window form: decision latency inside a fault phase or every sliding window. */
function windowVerdict(
  state: MatcherState,
  result: ScenarioResult,
  percentile: number,
  threshold: number,
  window: LatencyWindow,
): MatcherResult {
  let criterion: ReturnType<typeof percentileBelowIn>
  try {
    criterion = percentileBelowIn(result, percentile, threshold, window)
  } catch (error) {
    throw new StressMatcherError((error as Error).message)
  }
  const { where, ...rest } = criterion
  return verdict(state, result, rest, ` in ${where}`)
}

/** Order-level assertions need the venue's order log. */
function requireVenue(result: ScenarioResult, matcher: string): void {
  if (!result.venue) {
    throw new StressMatcherError(
      `${result.name}: ${matcher} needs an order log; this run filled instantly. Give the scenario a venue: runScenario({ venue: { entryLatency: constantLatency(2) }, ... }).`,
    )
  }
}

/** Latency is a property of real time: a simulated run has none to judge. */
function requireRealTime(result: ScenarioResult, matcher: string): void {
  if (result.time === 'simulated') {
    throw new StressMatcherError(
      `${result.name}: ${matcher} judges latency, and this run was in simulated time, where the engine takes no time and nothing waits (every latency is 0). Assert latency on a run with time: 'real' (a separate test of the same scenario), and keep correctness checks on the simulated one.`,
    )
  }
}

/** Why the run's timing cannot be trusted (its generator fell behind), if it cannot. */
function untrustedTiming(result: ScenarioResult): string | undefined {
  if (result.state === 'inconclusive') return result.reason
  if (result.state === 'failed') return result.timingInconclusive
  return undefined
}

/** Refuses to judge: recorded for the reporter (the scenario is inconclusive), then thrown. */
function undecided(
  state: MatcherState,
  result: ScenarioResult,
  matcher: string,
  reason: string,
): never {
  const message = `${result.name}: ${matcher} cannot be judged, the run is inconclusive: ${reason}`
  if (state.task) stressMeta(state.task).undecided.push(message)
  throw new StressMatcherError(message)
}

/** Latency from an untrustworthy run cannot certify anything, whichever way it is asserted. */
function requireConclusive(state: MatcherState, result: ScenarioResult, matcher: string): void {
  const reason = untrustedTiming(result)
  if (reason !== undefined) undecided(state, result, matcher, reason)
}

/**
 * A pipeline-latency failure the harness' own Redis queue explains cannot be blamed on the
 * engine: the matcher refuses to judge it, as the run's verdict does.
 */
function pipelineVerdict(
  state: MatcherState,
  result: ScenarioResult,
  matcher: string,
  criterion: CriterionResult,
  threshold: number,
): MatcherResult {
  const excuse = criterion.pass
    ? undefined
    : CRITERIA.pipelineP99Ms.harnessExcuse(result, threshold)
  if (excuse !== undefined && !state.isNot) undecided(state, result, matcher, excuse)
  return verdict(state, result, criterion)
}

/**
 * A decision-latency assertion on a run whose generator fell behind: a pass cannot be trusted,
 * but a threshold that the part of the latency the engine caused alone exceeds is the engine's
 * failure, whatever the generator did.
 */
function judgedDespiteLag(
  state: MatcherState,
  result: ScenarioResult,
  matcher: string,
  percentile: number,
  threshold: number,
): MatcherResult {
  const engineOnly = percentileBelow(result, percentile, threshold, 'engine')
  if (state.isNot || engineOnly.pass) requireConclusive(state, result, matcher)
  return verdict(
    state,
    result,
    engineOnly,
    `; the generator fell behind (${untrustedTiming(result)}), but what the engine caused alone exceeds the threshold`,
  )
}

const decisionMetric = (metric: unknown): boolean => metric === undefined || metric === 'decision'

/**
 * A latency assertion, the same for every latency matcher: on a run whose timing cannot be
 * trusted, decision latency is judged on what the engine caused alone and anything else is not
 * judged; otherwise the metric (or the window) at `percentile`, with a pipeline p99 failure the
 * harness' own queue explains left undecided.
 */
function latencyVerdict(
  state: MatcherState,
  result: ScenarioResult,
  matcher: string,
  percentile: number,
  threshold: number,
  metric: unknown,
): MatcherResult {
  requireRealTime(result, matcher)
  if (untrustedTiming(result) !== undefined && decisionMetric(metric)) {
    return judgedDespiteLag(state, result, matcher, percentile, threshold)
  }
  requireConclusive(state, result, matcher)
  if (isWindow(metric)) return windowVerdict(state, result, percentile, threshold, metric)
  const m = metricArg(matcher, metric)
  const criterion = percentileBelow(result, percentile, threshold, m)
  if (m === 'pipeline' && percentile === 99) {
    return pipelineVerdict(state, result, matcher, criterion, threshold)
  }
  return verdict(state, result, criterion)
}

const fmt = (value: number, unit: CriterionResult['unit']): string => {
  if (unit === 'ms') return `${value.toFixed(3)} ms`
  if (unit === 'pct') return `${value.toFixed(3)}%`
  if (unit === 'bytes') return `${(value / 1024 / 1024).toFixed(1)} MiB`
  if (unit === 'per_second') return `${value.toFixed(1)}/s`
  return String(value)
}

function context(result: ScenarioResult): string {
  const d = result.latency.decision
  return `decision latency p50 ${d.p50Ms.toFixed(3)} ms, p90 ${d.p90Ms.toFixed(3)} ms, p99 ${d.p99Ms.toFixed(3)} ms, max ${d.maxMs.toFixed(3)} ms over ${d.count} decisions (seed ${result.seed}, ${result.load.description})`
}

function verdict(
  state: MatcherState,
  result: ScenarioResult,
  criterion: CriterionResult,
  detail = '',
): MatcherResult {
  if (state.task) {
    stressMeta(state.task).asserted.push({
      ...criterion,
      clock: result.time,
      scenario: result.name,
      negated: state.isNot,
    })
  }
  const expectation = state.isNot ? `NOT ${criterion.description}` : criterion.description
  return {
    pass: criterion.pass,
    message: () =>
      `${result.name}: expected ${expectation}, actual ${fmt(criterion.actual, criterion.unit)} (threshold ${fmt(criterion.threshold, criterion.unit)})${detail}\n  ${context(result)}`,
    actual: criterion.actual,
    expected: criterion.threshold,
  }
}

function breachDetail(result: ScenarioResult): string {
  const first = result.breaches.first.slice(0, 3)
  const onVenue = (result.venue?.violations ?? [])
    .filter((v) => v.invariant === 'limit')
    .slice(0, 3)
  if (onVenue.length > 0)
    return `\n  first breaches:\n${onVenue.map((v) => `    ${v.message}`).join('\n')}`
  if (first.length === 0) return ''
  const lines = first.map(
    (b) =>
      `    ${b.orderId} at ${b.tMs} ms: ${b.symbol} ${b.limit} ${b.actualValue.toFixed(2)} > ${b.limitValue}`,
  )
  return `\n  first breaches:\n${lines.join('\n')}`
}

/** One matcher as `expect.extend` takes it. */
type MatcherImplementation = (
  this: MatcherState,
  received: unknown,
  ...args: never[]
) => MatcherResult

/**
 * The matcher implementations, for `expect.extend`: one per matcher of the `StressMatchers`
 * augmentation (checked by `satisfies`), each evaluating the criterion of the registry it names.
 */
export const stressMatchers = {
  toHaveP99Below(this: MatcherState, received: unknown, ms: unknown, metric?: unknown) {
    const result = asResult(received, 'toHaveP99Below')
    const threshold = positiveNumber('toHaveP99Below', 'ms', ms, 'toHaveP99Below(15)')
    return latencyVerdict(this, result, 'toHaveP99Below', 99, threshold, metric)
  },
  toHavePercentileBelow(
    this: MatcherState,
    received: unknown,
    percentile: unknown,
    ms: unknown,
    metric?: unknown,
  ) {
    const result = asResult(received, 'toHavePercentileBelow')
    if (typeof percentile !== 'number' || !(percentile > 0 && percentile <= 100)) {
      throw new StressMatcherError(
        `toHavePercentileBelow: percentile must be a number in (0, 100], got ${describe(percentile)}. Example: expect(result).toHavePercentileBelow(99.9, 40)`,
      )
    }
    const threshold = positiveNumber(
      'toHavePercentileBelow',
      'ms',
      ms,
      'toHavePercentileBelow(90, 5)',
    )
    return latencyVerdict(this, result, 'toHavePercentileBelow', percentile, threshold, metric)
  },
  toHaveZeroBreaches(this: MatcherState, received: unknown) {
    const result = asResult(received, 'toHaveZeroBreaches')
    return verdict(this, result, CRITERIA.zeroBreaches.evaluate(result), breachDetail(result))
  },
  toHaveMaxDrawdownBelow(this: MatcherState, received: unknown, pct: unknown) {
    const result = asResult(received, 'toHaveMaxDrawdownBelow')
    const threshold = positiveNumber(
      'toHaveMaxDrawdownBelow',
      'pct',
      pct,
      'toHaveMaxDrawdownBelow(15)',
    )
    return verdict(this, result, CRITERIA.maxDrawdownPct.evaluate(result, threshold))
  },
  toEndFlat(this: MatcherState, received: unknown) {
    const result = asResult(received, 'toEndFlat')
    const positions = Object.entries(result.portfolio.finalPositions)
      .filter(([, q]) => q !== 0)
      .map(([s, q]) => `${s} ${q}`)
    const detail = positions.length > 0 ? `; open positions: ${positions.join(', ')}` : ''
    return verdict(this, result, CRITERIA.endFlat.evaluate(result), detail)
  },
  toHaveScheduleLagBelow(this: MatcherState, received: unknown, ms: unknown) {
    const result = asResult(received, 'toHaveScheduleLagBelow')
    requireRealTime(result, 'toHaveScheduleLagBelow')
    const threshold = positiveNumber(
      'toHaveScheduleLagBelow',
      'ms',
      ms,
      'toHaveScheduleLagBelow(2)',
    )
    return verdict(this, result, CRITERIA.scheduleLagP99Ms.evaluate(result, threshold))
  },
  toHaveErrorRateBelow(this: MatcherState, received: unknown, pct: unknown) {
    const result = asResult(received, 'toHaveErrorRateBelow')
    const threshold = positiveNumber(
      'toHaveErrorRateBelow',
      'pct',
      pct,
      'toHaveErrorRateBelow(0.1)',
    )
    const samples = result.errorSamples.slice(0, 3)
    const detail = samples.length > 0 ? `; first errors: ${samples.join(' | ')}` : ''
    return verdict(this, result, CRITERIA.errorRatePct.evaluate(result, threshold), detail)
  },
  toHaveMemoryGrowthBelow(this: MatcherState, received: unknown, bytes: unknown) {
    const result = asResult(received, 'toHaveMemoryGrowthBelow')
    const threshold = positiveNumber(
      'toHaveMemoryGrowthBelow',
      'bytes',
      bytes,
      'toHaveMemoryGrowthBelow(50 * 1024 * 1024)',
    )
    return verdict(this, result, CRITERIA.memoryGrowthBytes.evaluate(result, threshold))
  },
  toHaveNoOrderLeaks(this: MatcherState, received: unknown) {
    const result = asResult(received, 'toHaveNoOrderLeaks')
    requireVenue(result, 'toHaveNoOrderLeaks')
    const leaks = (result.venue?.violations ?? []).filter((v) => v.invariant === 'order_leak')
    const detail = leaks.length > 0 ? `\n  ${leaks.map((v) => v.message).join('\n  ')}` : ''
    return verdict(this, result, CRITERIA.noOrderLeaks.evaluate(result), detail)
  },
  toRecoverWithin(this: MatcherState, received: unknown, ms: unknown) {
    const result = asResult(received, 'toRecoverWithin')
    const threshold = positiveNumber('toRecoverWithin', 'ms', ms, 'toRecoverWithin(25_000)')
    const link = result.link
    if (!link || link.downs.length === 0) {
      throw new StressMatcherError(
        `${result.name}: toRecoverWithin found no outage to recover from (the broker link never went down). Add a fault, e.g. faults: [{ at: 2_000, duration: 8_000, fault: brokerDisconnect() }], and a venue.`,
      )
    }
    const detail = `; link down at ${link.downs.map((t) => `${Math.round(t)} ms`).join(', ')}, up at ${link.ups.map((t) => `${Math.round(t)} ms`).join(', ') || 'never'}`
    return verdict(this, result, CRITERIA.recoveryMs.evaluate(result, threshold), detail)
  },
  toBeReconciled(this: MatcherState, received: unknown, options?: unknown) {
    const result = asResult(received, 'toBeReconciled')
    requireVenue(result, 'toBeReconciled')
    const tolerance = (options as { toleranceUsd?: unknown } | undefined)?.toleranceUsd ?? 1
    const toleranceUsd = positiveNumber(
      'toBeReconciled',
      'toleranceUsd',
      tolerance,
      'toBeReconciled({ toleranceUsd: 1 })',
    )
    const problems = reconciliationBreaks(result)
    const detail = `; PnL delta $${result.venue?.pnlDeltaUsd.toFixed(2)}${
      problems.length > 0
        ? `\n  ${problems
            .slice(0, 5)
            .map((v) => `${v.invariant}: ${v.message}`)
            .join('\n  ')}`
        : ''
    }`
    return verdict(
      this,
      result,
      CRITERIA.reconciledWithinUsd.evaluate(result, toleranceUsd),
      detail,
    )
  },
  toHaveThroughputAbove(this: MatcherState, received: unknown, perSecond: unknown) {
    const result = asResult(received, 'toHaveThroughputAbove')
    requireRealTime(result, 'toHaveThroughputAbove')
    const threshold = positiveNumber(
      'toHaveThroughputAbove',
      'perSecond',
      perSecond,
      'toHaveThroughputAbove(950)',
    )
    requireConclusive(this, result, 'toHaveThroughputAbove')
    return verdict(this, result, CRITERIA.throughputPerSecond.evaluate(result, threshold))
  },
} satisfies { readonly [M in keyof StressMatchers]: MatcherImplementation }
