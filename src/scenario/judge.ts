import { noneDropped } from './criteria.js'
import { criteriaTurnedOff, evaluateCriteriaDetailed } from './criteria-registry.js'
import { type CriterionResult, dependsOnTiming } from './criterion.js'
import type { ScenarioPlan } from './resolve-spec.js'
import type { ScenarioResult, ScenarioRunData } from './scenario-result.js'

/**
 * The verdict on a run's data. Every criterion is evaluated: the built-in ones, the spec's, and
 * `decisions_dropped == 0` when the spec caps decisions in flight. When the generator kept up,
 * any failure fails the run. When it fell behind, the criteria that do not depend on timing
 * (breaches, errors, leaks, invariants, flatness, drawdown) are still judged, and so is every
 * latency threshold on the part the engine caused alone: a failure of either fails the run, and
 * only what is left (a pass earned under too much lag, a failure the lag can explain) is
 * inconclusive. A timing failure the harness' own work explains (its Redis queue) is
 * inconclusive too, with the cause named.
 *
 * @example
 * const result = judge(plan, data)
 * if (result.state === 'failed') console.log(result.failures)
 */
export function judge(plan: ScenarioPlan, data: Omit<ScenarioRunData, 'criteria'>): ScenarioResult {
  const evaluated = evaluateCriteriaDetailed({ ...data, criteria: [] }, plan.criteria)
  const criteria: CriterionResult[] = [
    ...evaluated.map((e) => e.result),
    ...(plan.maxInFlight === undefined
      ? []
      : [noneDropped(data.decisions.dropped, plan.maxInFlight)]),
  ].map((c) => ({ ...c, clock: plan.time }))
  const off = criteriaTurnedOff(plan.criteria)
  const run: ScenarioRunData = {
    ...data,
    criteria,
    ...(off.length > 0 ? { criteriaOff: off } : {}),
  }
  const lagP99 = run.latency.scheduleLag.p99Ms
  // A timing failure the harness' own work explains is not the engine's.
  const excused = evaluated.filter((e) => e.excuse !== undefined)
  const excuses = excused.map((e) => e.excuse as string)
  const failures = criteria.filter((c) => !c.pass && !excused.some((e) => e.result.id === c.id))
  if (lagP99 <= plan.maxScheduleLagMs) {
    if (failures.length > 0) {
      return {
        ...run,
        state: 'failed',
        failures,
        ...(excuses.length > 0 ? { timingInconclusive: excuses.join('; ') } : {}),
      }
    }
    if (excuses.length > 0) return { ...run, state: 'inconclusive', reason: excuses.join('; ') }
    return { ...run, state: 'passed' }
  }
  const reason = [
    `the load generator fell behind: schedule lag p99 ${lagP99.toFixed(2)} ms > ${plan.maxScheduleLagMs} ms, so latencies would be understated. Lower the rate, stop other load on this machine, or raise maxScheduleLagMs.`,
    ...excuses,
  ].join('; ')
  const engineFailures = evaluated
    .filter((e) => !e.result.pass && e.engineOnly && !e.engineOnly.pass)
    .map((e) => ({ ...(e.engineOnly as CriterionResult), clock: plan.time }))
  const definite = [...failures.filter((c) => !dependsOnTiming(c)), ...engineFailures]
  if (definite.length === 0) return { ...run, state: 'inconclusive', reason }
  return {
    ...run,
    criteria: [...criteria, ...engineFailures],
    state: 'failed',
    failures: definite,
    timingInconclusive: reason,
  }
}
