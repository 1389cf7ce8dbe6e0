import type { CriterionResult } from './criterion.js'
import { errorRatePct, type ScenarioRunData } from './scenario-result.js'

/*
 * The criteria every scenario carries unless its spec turns one off (`false`): the seed's error
 * rate, every decision answered, zero hard-limit breaches (in criteria.ts), the portfolio
 * invariants on a venue run, and services healthy for the whole run.
 */

/**
 * Errors per dispatched decision at most `pct` percent (the seed's threshold is 0.1 %).
 *
 * @example
 * errorRateAtMost(result, 0.1) // { id: 'max_error_rate_pct', comparison: '<=', ... }
 */
export function errorRateAtMost(run: ScenarioRunData, pct: number): CriterionResult {
  const actual = errorRatePct(run.decisions)
  return {
    id: 'max_error_rate_pct',
    description: `error rate <= ${pct}% (engine errors: throws, invalid verdicts, no answer)`,
    comparison: '<=',
    threshold: pct,
    actual,
    unit: 'pct',
    pass: actual <= pct,
  }
}

/**
 * Every dispatched decision got an answer before the drain timeout.
 *
 * @example
 * everyDecisionAnswered(result).actual // decisions never answered
 */
export function everyDecisionAnswered(run: ScenarioRunData): CriterionResult {
  const actual = run.decisions.unanswered
  return {
    id: 'unanswered_decisions',
    description: 'every decision answered (unanswered == 0)',
    comparison: '==',
    threshold: 0,
    actual,
    unit: 'count',
    pass: actual === 0,
  }
}

/**
 * In simulated time, the engine never reached for real time (`Date.now()`, `performance.now()`,
 * timers...): a run that mixes clocks is neither exact nor repeatable. The description names
 * each read and the engine call it came from.
 *
 * @example
 * simulatedClockOnly(result).description // '... Date.now() x1000 in decide ...'
 */
export function simulatedClockOnly(run: ScenarioRunData): CriterionResult {
  const reads = run.wallClockReads ?? []
  const actual = reads.reduce((n, r) => n + r.calls, 0)
  const named = reads.map((r) => `${r.what} x${r.calls} in ${r.during}`).join(', ')
  return {
    id: 'wall_clock_reads',
    description:
      actual === 0
        ? 'the engine used only the simulated clock (wall clock reads == 0)'
        : `the engine used only the simulated clock (wall clock reads == 0): it called ${named}. Time everything by options.clock (the run's clock), or run the scenario with time: 'real'`,
    comparison: '==',
    threshold: 0,
    actual,
    unit: 'count',
    pass: actual === 0,
  }
}

/**
 * No portfolio invariant broken on the venue's order log (needs a venue run; counts each broken
 * invariant once, whatever other criteria also report it).
 *
 * @example
 * invariantsHold(result).actual // broken invariants
 */
export function invariantsHold(run: ScenarioRunData): CriterionResult {
  const actual = run.venue?.violations.length ?? 0
  const broken = [...new Set((run.venue?.violations ?? []).map((v) => v.invariant))]
  return {
    id: 'invariant_violations',
    description: `portfolio invariants hold${broken.length > 0 ? ` (broken: ${broken.join(', ')})` : ''}`,
    comparison: '==',
    threshold: 0,
    actual,
    unit: 'count',
    pass: actual === 0,
  }
}

/**
 * The services the scenario depends on stayed usable for the whole run; a failure names each
 * one lost and when.
 *
 * @example
 * servicesHealthy(result).description // 'services healthy for the whole run (redis lost at 5123 ms: connection closed)'
 */
export function servicesHealthy(run: ScenarioRunData): CriterionResult {
  const health = run.servicesHealth
  const lost = (health?.lost ?? []).filter((l) => health?.dependsOn.includes(l.service))
  const named = lost.map((l) => `${l.service} lost at ${Math.round(l.atMs)} ms: ${l.reason}`)
  return {
    id: 'services_lost',
    description: `services healthy for the whole run${named.length > 0 ? ` (${named.join('; ')})` : ''}`,
    comparison: '==',
    threshold: 0,
    actual: lost.length,
    unit: 'count',
    pass: lost.length === 0,
  }
}
