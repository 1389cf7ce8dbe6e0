import { relative } from 'node:path'
import type { CertificationReport, ScenarioReport } from '../report/report-schema.js'
import { plainText, round2 } from '../report/report-text.js'
import { type CertificationOutcome, outcomeLine } from './certification-run.js'
import type { DailyServiceMode } from './daily-state.js'
import type { DayStamp } from './day.js'
import type { EnsuredProcess } from './ensure-process.js'

/** Everything the daily report shows. */
export interface DailyReportInput {
  readonly day: DayStamp
  readonly writtenAt: Date
  readonly root: string
  /** The folder the report is written to: links are relative to it. */
  readonly reportDir: string
  readonly stateFile: string
  readonly servicesMode: DailyServiceMode
  readonly processes: readonly EnsuredProcess[]
  readonly certification: CertificationOutcome
  /** The report files present in `reportDir`. */
  readonly files: readonly string[]
  /** The latest archived certification of an earlier day. */
  readonly previous?: { readonly day: DayStamp; readonly report: CertificationReport }
}

const cell = (text: string): string => plainText(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
const row = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`
const table = (head: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] => [
  row(head),
  `| ${head.map(() => '---').join(' | ')} |`,
  ...rows.map(row),
]
const ms = (v: number | undefined): string => (v === undefined ? '-' : `${round2(v)} ms`)

function p99Delta(now: ScenarioReport, before: ScenarioReport | undefined): string {
  if (before === undefined) return 'new'
  if (now.decision_p99_ms === undefined || before.decision_p99_ms === undefined) return 'n/a'
  const d = now.decision_p99_ms - before.decision_p99_ms
  return `${d < 0 ? '-' : '+'}${Math.abs(d).toFixed(2)} ms (was ${before.state})`
}

function scenarios(report: CertificationReport, previous: DailyReportInput['previous']): string[] {
  const head = ['scenario', 'state', 'decision p99', 'breaches', 'drawdown', 'errors']
  const rows = Object.entries(report.scenarios).map(([name, s]) => [
    name,
    s.state,
    ms(s.decision_p99_ms),
    s.hard_limit_breaches === undefined ? '-' : String(s.hard_limit_breaches),
    s.max_drawdown_pct === undefined ? '-' : `${round2(s.max_drawdown_pct)}%`,
    s.error_count === undefined ? '-' : `${s.error_count}/${s.decisions_total ?? 0}`,
    ...(previous ? [p99Delta(s, previous.report.scenarios[name])] : []),
  ])
  return table(previous ? [...head, `p99 vs ${previous.day}`] : head, rows)
}

function comparison(
  report: CertificationReport,
  previous: NonNullable<DailyReportInput['previous']>,
): string[] {
  const was = previous.report
  const verdict = (r: CertificationReport) =>
    `${r.certified ? 'CERTIFIED' : 'NOT CERTIFIED'} ${r.summary.passed_scenarios}/${r.summary.total_scenarios}`
  const gone = Object.keys(was.scenarios).filter((n) => !(n in report.scenarios))
  return [
    `## Compared with ${previous.day}`,
    '',
    `- ${previous.day}: ${verdict(was)} (${was.certification_timestamp})`,
    `- today: ${verdict(report)} (${report.certification_timestamp})`,
    ...(gone.length > 0 ? [`- no longer run: ${gone.join(', ')}`] : []),
    '',
  ]
}

/**
 * The Markdown of `reports/daily_report_YYYYMMDD.md`: verdict, per-scenario table, the services
 * with their PIDs, ports and logs, links to the report files, and the comparison with the
 * previous archived day.
 *
 * @example
 * await writeFileAtomic(join(reportDir, dailyReportName(day)), dailyReportMarkdown(input))
 */
export function dailyReportMarkdown(input: DailyReportInput): string {
  const { certification: outcome } = input
  const link = (path: string) => relative(input.reportDir, path) || '.'
  const services =
    input.processes.length === 0
      ? ['No processes were started.']
      : table(
          ['process', 'action', 'url', 'pid', 'port', 'detail', 'log'],
          input.processes.map(({ record, action }) => [
            record.name,
            action,
            record.url,
            String(record.pid),
            String(record.port),
            record.detail ?? '-',
            link(record.log),
          ]),
        )
  const notes = input.processes.flatMap((p) => (p.note ? [`- ${p.note}`] : []))
  const report = outcome.state === 'done' ? outcome.report : undefined
  return [
    `# stressgate daily report ${input.day}`,
    '',
    `**Verdict: ${outcomeLine(outcome)}**`,
    '',
    `Written ${input.writtenAt.toISOString()} by \`stressgate up\` in \`${input.root}\`.`,
    '',
    '## Services',
    '',
    input.servicesMode === 'embedded'
      ? 'Mode `embedded`: no Redis, PostgreSQL or Pushgateway was started; the run used in-process ones.'
      : 'Mode `local`: real local binaries on 127.0.0.1, detached; stop them with `stressgate down`.',
    '',
    ...services,
    ...(notes.length > 0 ? ['', ...notes] : []),
    '',
    `State file: \`${link(input.stateFile)}\``,
    '',
    '## Scenarios',
    '',
    ...(report
      ? scenarios(report, input.previous)
      : [`No scenario table: certification ${outcomeLine(outcome)}.`]),
    '',
    ...(report && input.previous ? comparison(report, input.previous) : []),
    '## Files',
    '',
    ...(input.files.length > 0
      ? input.files.map((f) => `- [${f}](${f})`)
      : ['No report files in the report folder yet.']),
    '',
  ].join('\n')
}
