import { join } from 'node:path'
import { Gauge, Registry } from 'prom-client'
import { type StartedMetricsServer, startMetricsServer } from '../metrics/metrics-server.js'
import { REPORT_FILE } from '../report/report-files.js'
import type { CertificationReport } from '../report/report-schema.js'
import { readLastCertification } from './last-certification.js'

/**
 * A registry of gauges describing one certification report (or its absence): what the daily
 * metrics server shows between runs.
 *
 * @example
 * await certificationRegistry(report).metrics() // '... stressgate_certified 1 ...'
 */
export function certificationRegistry(report: CertificationReport | undefined): Registry {
  const registry = new Registry()
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry] })
  gauge(
    'stressgate_certification_report_present',
    '1 when a certification report exists in the report folder',
  ).set(report ? 1 : 0)
  if (!report) return registry
  gauge('stressgate_certified', '1 when the last certification passed').set(
    report.certified ? 1 : 0,
  )
  const at = Date.parse(report.certification_timestamp)
  if (Number.isFinite(at)) {
    gauge(
      'stressgate_certification_timestamp_seconds',
      'When the last certification was written (Unix time)',
    ).set(at / 1000)
  }
  const byState = gauge('stressgate_scenarios', 'Scenarios of the last certification by state', [
    'state',
  ])
  const passed = gauge('stressgate_scenario_passed', '1 when the scenario passed', ['scenario'])
  const p99 = gauge(
    'stressgate_scenario_decision_p99_seconds',
    'Decision latency p99 of the scenario (coordinated-omission corrected)',
    ['scenario'],
  )
  const breaches = gauge(
    'stressgate_scenario_hard_limit_breaches',
    'Hard-limit breaches of the scenario',
    ['scenario'],
  )
  const counts: Record<string, number> = { passed: 0, failed: 0, inconclusive: 0, error: 0 }
  for (const [scenario, s] of Object.entries(report.scenarios)) {
    counts[s.state] = (counts[s.state] ?? 0) + 1
    passed.set({ scenario }, s.overall_pass ? 1 : 0)
    if (s.decision_p99_ms !== undefined) p99.set({ scenario }, s.decision_p99_ms / 1000)
    if (s.hard_limit_breaches !== undefined) breaches.set({ scenario }, s.hard_limit_breaches)
  }
  for (const [state, n] of Object.entries(counts)) byState.set({ state }, n)
  return registry
}

/**
 * The daily metrics server on 127.0.0.1: `/healthz`, and `/metrics` with the
 * {@link certificationRegistry} of `reportDir`'s report, read again at every scrape so a new
 * run shows up without a restart.
 *
 * @example
 * await using server = await startDailyMetrics({ port: 8000, reportDir: 'reports' })
 */
export function startDailyMetrics(options: {
  port: number
  reportDir: string
}): Promise<StartedMetricsServer> {
  const file = join(options.reportDir, REPORT_FILE)
  return startMetricsServer(() => certificationRegistry(readLastCertification(file)), {
    port: options.port,
  })
}
