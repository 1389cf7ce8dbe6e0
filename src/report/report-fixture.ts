import type { CertificationReport, ReportedCriterion, ScenarioReport } from './report-schema.js'

/** A failed matcher criterion: 3 hard-limit breaches where 0 were allowed. For report tests. */
export const BREACHES_CRITERION: ReportedCriterion = {
  description: 'hard-limit breaches == 0',
  comparison: '==',
  threshold: 0,
  actual: 3,
  unit: 'count',
  pass: false,
  source: 'matcher',
}

/** A passed scenario of `scenarios/limits.stress.ts` with no figures, then `over`. */
export const reportScenario = (over: Partial<ScenarioReport>): ScenarioReport => ({
  overall_pass: true,
  state: 'passed',
  test_state: 'passed',
  file: 'scenarios/limits.stress.ts',
  duration_ms: 100,
  criteria: {},
  failure_messages: [],
  ...over,
})

/** A certification report of `scenarios`, its summary counted as `buildCertification` does. */
export function reportOf(
  scenarios: Record<string, ScenarioReport>,
  certificationTimestamp = '2026-11-25T12:00:00.000Z',
): CertificationReport {
  const all = Object.values(scenarios)
  const passed = all.filter((s) => s.overall_pass).length
  const inconclusive = all.filter((s) => s.state === 'inconclusive').length
  return {
    schema_version: 1,
    certified: all.length > 0 && passed === all.length,
    certification_timestamp: certificationTimestamp,
    summary: {
      total_scenarios: all.length,
      passed_scenarios: passed,
      failed_scenarios: all.length - passed - inconclusive,
      inconclusive_scenarios: inconclusive,
      pass_rate_pct: all.length === 0 ? 0 : Math.round((passed / all.length) * 10_000) / 100,
    },
    scenarios,
  }
}
