import type {
  BaselineReport,
  BaselineScenario,
  CertificationReport,
  ScenarioReport,
} from './report-schema.js'
import { failedCriteria, plainText, round2, withUnit } from './report-text.js'

/** Options of {@link markdownSummary}. */
export interface MarkdownSummaryOptions {
  /** An earlier report to compare with: adds a decision p99 delta column. */
  readonly baseline?: CertificationReport
}

const STATE: Record<ScenarioReport['state'], string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  inconclusive: '⚠️ inconclusive',
  error: '💥 error',
}

/** A table cell: pipes and line breaks would end the cell or the row. */
const cell = (text: string): string =>
  plainText(text).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>')

const row = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`

const table = (head: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] => [
  row(head),
  `| ${head.map(() => '---').join(' | ')} |`,
  ...rows.map(row),
]

const orDash = (value: number | undefined, unit = ''): string =>
  value === undefined ? '-' : `${round2(value)}${unit}`

function delta(
  s: ScenarioReport,
  before: ScenarioReport | undefined,
  compared: BaselineScenario | undefined,
): string {
  if (compared !== undefined) {
    const d = compared.p99_delta_ms
    const pct = compared.p99_delta_pct === null ? '+inf' : compared.p99_delta_pct.toFixed(1)
    const mark =
      compared.verdict === 'regression'
        ? ' 🔺 regression'
        : compared.verdict === 'improvement'
          ? ' improvement'
          : ''
    return `${d < 0 ? '-' : '+'}${Math.abs(d).toFixed(2)} ms (${pct.startsWith('-') || pct.startsWith('+') ? pct : `+${pct}`}%)${mark}`
  }
  if (s.decision_p99_ms === undefined || before?.decision_p99_ms === undefined) return 'n/a'
  const d = s.decision_p99_ms - before.decision_p99_ms
  return `${d < 0 ? '-' : '+'}${Math.abs(d).toFixed(2)} ms`
}

/** A fenced block longer than any backtick run inside, so messages cannot close it. */
function fenced(lines: readonly string[]): string[] {
  const text = plainText(lines.join('\n'))
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
  const fence = '`'.repeat(longest + 1)
  return [`${fence}text`, text, fence]
}

function section(
  name: string,
  s: ScenarioReport,
  baseline: CertificationReport | undefined,
  compared: BaselineReport | undefined,
): string[] {
  const withDelta = baseline !== undefined || compared !== undefined
  const head = ['state', 'decision p99', ...(withDelta ? ['Δ p99 vs baseline'] : [])]
  const figures = [
    STATE[s.state],
    orDash(s.decision_p99_ms, ' ms'),
    ...(withDelta ? [delta(s, baseline?.scenarios[name], compared?.scenarios[name])] : []),
    orDash(s.hard_limit_breaches),
    orDash(s.max_drawdown_pct, '%'),
    orDash(s.final_position_qty),
    s.error_count === undefined ? '-' : `${s.error_count}/${s.decisions_total ?? 0}`,
  ]
  const metrics = [...head, 'breaches', 'drawdown', 'final qty', 'errors']
  const failed = failedCriteria(s).map(([id, c]) => [
    `${id}: ${c.description}`,
    `${c.comparison} ${withUnit(c.threshold, c.unit)}`,
    withUnit(c.actual, c.unit),
  ])
  return [
    `### ${name}`,
    '',
    `\`${s.file}\``,
    '',
    ...table(metrics, [figures]),
    ...(failed.length > 0
      ? ['', ...table(['failed criterion', 'threshold', 'actual'], failed)]
      : []),
    ...(s.inconclusive_reason ? ['', `> Inconclusive: ${cell(s.inconclusive_reason)}`] : []),
    ...(s.failure_messages.length > 0 ? ['', ...fenced(s.failure_messages)] : []),
    '',
  ]
}

/**
 * The certification report as GitHub-flavoured Markdown, for a job summary or a PR comment: the
 * verdict, then per scenario a table of its key figures, its failed criteria (threshold against
 * actual) and its failure messages. With a baseline, a column gives the change of decision p99.
 *
 * @example
 * const md = markdownSummary(report, { baseline: previousReport })
 * // ## ❌ stressgate: NOT CERTIFIED
 * // | state | decision p99 | Δ p99 vs baseline | ...
 * // | ❌ failed | 3.1 ms | +0.42 ms | ...
 */
export function markdownSummary(
  report: CertificationReport,
  options: MarkdownSummaryOptions = {},
): string {
  const { summary } = report
  const verdict = report.certified ? '✅ stressgate: CERTIFIED' : '❌ stressgate: NOT CERTIFIED'
  const counts = `**${summary.passed_scenarios}/${summary.total_scenarios}** scenarios passed (${summary.pass_rate_pct}%), ${summary.failed_scenarios} failed, ${summary.inconclusive_scenarios} inconclusive`
  const sections = Object.entries(report.scenarios).flatMap(([name, s]) =>
    section(name, s, options.baseline, report.baseline),
  )
  const b = report.baseline
  const regressed = b
    ? Object.keys(b.scenarios).filter((n) => b.scenarios[n]?.verdict === 'regression')
    : []
  const vsBaseline = b
    ? [
        regressed.length > 0
          ? `**🔺 Regression against the baseline** (\`${cell(b.file)}\`): ${regressed.map(cell).join(', ')}`
          : `No regression against the baseline (\`${cell(b.file)}\`, ${Object.keys(b.scenarios).length} scenarios compared)`,
        '',
      ]
    : []
  const partial = report.partial
    ? [`> **Partial run** (${cell(report.partial.filter)}): not a certification.`, '']
    : []
  const engine = report.engine ? [`Engine: \`${cell(report.engine)}\``, ''] : []
  return [
    `## ${verdict}`,
    '',
    `${counts} · ${report.certification_timestamp}`,
    '',
    ...partial,
    ...engine,
    ...vsBaseline,
    ...sections,
  ].join('\n')
}
