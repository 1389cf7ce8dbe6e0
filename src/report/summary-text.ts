import type { CertificationReport, ScenarioReport } from './report-schema.js'

const MARK: Record<ScenarioReport['state'], string> = {
  passed: 'PASS',
  failed: 'FAIL',
  inconclusive: 'INCONCLUSIVE',
  error: 'ERROR',
}

const ms = (v: number | undefined): string => (v === undefined ? '-' : `${v.toFixed(2)}ms`)

const duration = (v: number): string =>
  v >= 3_600_000 ? `${(v / 3_600_000).toFixed(1)} h` : `${(v / 1_000).toFixed(1)} s`

function line(name: string, s: ScenarioReport): string {
  // Simulated time measures no latency: its line shows how much it simulated, and its digest.
  const timing =
    s.time === 'simulated'
      ? [`simulated ${duration(s.simulated_ms ?? 0)}`, `digest ${s.digest?.slice(0, 12)}`]
      : [
          `decision p99 ${ms(s.decision_p99_ms)}`,
          `service p99 ${ms(s.service_p99_ms)}`,
          `lag p99 ${ms(s.schedule_lag_p99_ms)}`,
        ]
  const figures =
    s.decisions_total === undefined
      ? 'no result (the test failed before runScenario returned)'
      : [
          ...timing,
          `drawdown ${(s.max_drawdown_pct ?? 0).toFixed(2)}%`,
          `breaches ${s.hard_limit_breaches}`,
          `final qty ${s.final_position_qty}`,
          `errors ${s.error_count}/${s.decisions_total}`,
        ].join('  ')
  const failed = Object.entries(s.criteria)
    .filter(([, c]) => !c.pass)
    .map(([id, c]) => `      x ${id}: ${c.description}, actual ${c.actual}`)
  const reason = s.inconclusive_reason ? [`      ! ${s.inconclusive_reason}`] : []
  const shrunk = s.exploration?.counterexample
  if (shrunk)
    reason.push(`      smallest failing case (of ${s.exploration?.runs} tried): ${shrunk.input}`)
  if (s.state !== 'passed' && s.replay) reason.push(`      replay: ${s.replay}`)
  return [`  ${MARK[s.state].padEnd(12)} ${name}  ${figures}`, ...failed, ...reason].join('\n')
}

/** One line on the comparison with the baseline, and one per regressed scenario. */
function baselineLines(report: CertificationReport): string[] {
  const b = report.baseline
  if (b === undefined) return []
  const compared = Object.keys(b.scenarios).length
  const regressed = Object.entries(b.scenarios).filter(([, s]) => s.verdict === 'regression')
  return [
    `  vs baseline ${b.file}: ${regressed.length > 0 ? `REGRESSION in ${regressed.length} of ${compared} scenarios` : `no regression in ${compared} scenarios`}`,
    ...regressed.map(
      ([name, s]) =>
        `      x ${name}: decision p99 ${ms(s.baseline_p99_ms)} -> ${ms(s.current_p99_ms)} (${s.p99_delta_pct === null ? '+inf' : `+${s.p99_delta_pct.toFixed(1)}`}% > floor ${s.noise_floor_pct.toFixed(1)}%, KS p ${s.ks_p_value.toExponential(1)})`,
    ),
  ]
}

/** The block the reporter prints at the end of a stress run. */
export function formatSummary(report: CertificationReport, file: string): string {
  const { summary } = report
  const head = `\n stressgate  ${report.certified ? 'CERTIFIED' : 'NOT CERTIFIED'}  ${summary.passed_scenarios}/${summary.total_scenarios} scenarios passed  ->  ${file}`
  const partial = report.partial
    ? [
        `  PARTIAL RUN (${report.partial.filter}): not a certification; the full run's report is untouched`,
      ]
    : []
  const engine = report.engine ? [`  engine: ${report.engine}`] : []
  const lines = Object.entries(report.scenarios).map(([name, s]) => line(name, s))
  return [head, ...partial, ...engine, ...lines, ...baselineLines(report), ''].join('\n')
}
