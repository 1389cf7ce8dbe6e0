import type { CertificationReport, ReportedCriterion, ScenarioReport } from '../report-schema.js'
import { escapeHtml } from './escape.js'

const UNIT_SUFFIX: Readonly<Record<ReportedCriterion['unit'], string>> = {
  ms: ' ms',
  pct: ' %',
  count: '',
  qty: '',
  bytes: ' B',
  per_second: ' /s',
}

/** A measured number as the page shows it: at most three decimals. */
export const formatNumber = (value: number): string =>
  Number.isFinite(value) ? String(Math.round(value * 1_000) / 1_000) : String(value)

/**
 * The certification banner: CERTIFIED or NOT CERTIFIED, with the pass rate and the counts.
 *
 * @example
 * renderVerdict(report) // '<section class="verdict certified">…CERTIFIED…100 %…'
 */
export function renderVerdict(report: CertificationReport): string {
  const { summary } = report
  const cls = report.certified ? 'certified' : 'not-certified'
  const word = report.certified ? 'CERTIFIED' : 'NOT CERTIFIED'
  return `<section class="verdict ${cls}" id="verdict">
<h1>${word}</h1>
<p class="pass-rate">pass rate ${escapeHtml(formatNumber(summary.pass_rate_pct))} %:
${summary.passed_scenarios} of ${summary.total_scenarios} scenarios passed,
${summary.failed_scenarios} failed, ${summary.inconclusive_scenarios} inconclusive</p>
<p class="timestamp">certified at ${escapeHtml(report.certification_timestamp)}</p>${
    report.partial
      ? `\n<p class="partial" id="partial">PARTIAL RUN (${escapeHtml(report.partial.filter)}): not a certification</p>`
      : ''
  }${report.engine ? `\n<p class="engine">engine: ${escapeHtml(report.engine)}</p>` : ''}
</section>`
}

function criterionRow(
  name: string,
  scenario: ScenarioReport,
  id: string,
  c: ReportedCriterion,
): string {
  const verdict = c.pass ? 'pass' : 'fail'
  const unit = UNIT_SUFFIX[c.unit]
  return `<tr class="criterion ${verdict}" data-verdict="${verdict}">
<td>${escapeHtml(name)}</td><td class="state-${scenario.state}">${escapeHtml(scenario.state)}</td>
<td title="${escapeHtml(id)}">${escapeHtml(c.description)} <small>(${escapeHtml(c.source)})</small></td>
<td class="num">${escapeHtml(c.comparison)} ${escapeHtml(formatNumber(c.threshold))}${unit}</td>
<td class="num">${escapeHtml(formatNumber(c.actual))}${unit}</td>
<td class="clock clock-${c.clock ?? 'real'}">${escapeHtml(c.clock ?? scenario.time ?? 'real')}</td>
<td class="mark">${c.pass ? '&#10004; PASS' : '&#10008; FAIL'}</td></tr>`
}

function scenarioRows(name: string, scenario: ScenarioReport): string {
  const criteria = Object.entries(scenario.criteria)
  if (criteria.length === 0) {
    const verdict = scenario.overall_pass ? 'pass' : 'fail'
    return `<tr class="criterion ${verdict}" data-verdict="${verdict}">
<td>${escapeHtml(name)}</td><td class="state-${scenario.state}">${escapeHtml(scenario.state)}</td>
<td colspan="4"><em>no criteria</em></td>
<td class="mark">${scenario.overall_pass ? '&#10004; PASS' : '&#10008; FAIL'}</td></tr>`
  }
  return criteria.map(([id, c]) => criterionRow(name, scenario, id, c)).join('\n')
}

/**
 * One row per scenario and criterion: threshold, actual value, the clock that judged it
 * (simulated or real time) and verdict, coloured green for a pass and red for a failure; a
 * scenario without criteria gets one row with its verdict.
 *
 * @example
 * renderCriteriaTable(report) // '<table class="criteria">…&#10008; FAIL…'
 */
export function renderCriteriaTable(report: CertificationReport): string {
  const rows = Object.entries(report.scenarios).map(([name, s]) => scenarioRows(name, s))
  return `<section id="criteria"><h2>Criteria</h2>
<table class="criteria">
<thead><tr><th>Scenario</th><th>State</th><th>Criterion</th><th>Threshold</th><th>Actual</th><th title="the clock of the run that judged it">Clock</th><th>Verdict</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></section>`
}
