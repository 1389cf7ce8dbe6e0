import { noneDropped } from './criteria.js'
import { evaluateCriteria } from './criteria-registry.js'
import type { ScenarioPlan } from './resolve-spec.js'
import type { ScenarioResult, ScenarioRunData } from './scenario-result.js'

/**
 * The verdict: the spec's criteria evaluated on the run's data (and `decisions_dropped == 0` when
 * the spec caps decisions in flight); inconclusive when the generator fell behind, failed when a
 * criterion did, passed otherwise.
 *
 * @example
 * const result = judge(plan, data)
 * if (result.state === 'failed') console.log(result.failures)
 */
export function judge(plan: ScenarioPlan, data: Omit<ScenarioRunData, 'criteria'>): ScenarioResult {
  const criteria = [
    ...evaluateCriteria({ ...data, criteria: [] }, plan.criteria),
    ...(plan.maxInFlight === undefined
      ? []
      : [noneDropped(data.decisions.dropped, plan.maxInFlight)]),
  ]
  const run: ScenarioRunData = { ...data, criteria }
  const lagP99 = run.latency.scheduleLag.p99Ms
  if (lagP99 > plan.maxScheduleLagMs) {
    return {
      ...run,
      state: 'inconclusive',
      reason: `the load generator fell behind: schedule lag p99 ${lagP99.toFixed(2)} ms > ${plan.maxScheduleLagMs} ms, so latencies would be understated. Lower the rate, stop other load on this machine, or raise maxScheduleLagMs.`,
    }
  }
  const failures = criteria.filter((c) => !c.pass)
  return failures.length > 0 ? { ...run, state: 'failed', failures } : { ...run, state: 'passed' }
}
