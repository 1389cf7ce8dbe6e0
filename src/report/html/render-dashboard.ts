import type { ScenarioRunData } from '../../scenario/scenario-result.js'
import type { CertificationReport, RunHistoryEntry } from '../report-schema.js'
import { renderBaseline } from './baseline-table.js'
import { type ScenarioChartData, scenarioChartData } from './chart-data.js'
import { DASHBOARD_SCRIPT } from './dashboard-script.js'
import { DASHBOARD_STYLE } from './dashboard-style.js'
import { escapeHtml, inlineScriptText, inlineStyleText, jsonForScript } from './escape.js'
import { renderRunServices } from './run-details.js'
import { renderScenarioSection } from './scenario-section.js'
import { renderTrend, TREND_RUNS, trendChartData } from './trend-section.js'
import { readUplotAssets, type UplotAssets } from './uplot-assets.js'
import { renderCriteriaTable, renderVerdict } from './verdict-and-criteria.js'

/** What the dashboard shows: the certification report and the full run of each scenario. */
export interface DashboardInput {
  readonly report: CertificationReport
  /**
   * The last run of each scenario, keyed like `report.scenarios`; a scenario without one (it
   * errored before running) gets its table rows and details but no charts.
   */
  readonly runs: Readonly<Record<string, ScenarioRunData | undefined>>
  /** Earlier runs and this one, oldest first (`reports/history.json`): the trend. */
  readonly history?: readonly RunHistoryEntry[]
  /** How many of the newest runs the trend shows. @default 20 */
  readonly trendRuns?: number
  /** @default uPlot read from the installed `uplot` package */
  readonly assets?: UplotAssets
}

/** Blocks every fetch, so the page provably opens offline. */
const CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:"

/**
 * Renders the certification dashboard as ONE self-contained HTML file: uPlot and the styles are
 * inlined, the chart data travels as JSON in a `<script type="application/json">` block, every
 * report string is HTML-escaped, and a Content-Security-Policy forbids any network access.
 *
 * @example
 * const html = renderDashboard({ report, runs: { flash_crash: result } })
 * await writeFileAtomic('reports/dashboard.html', html)
 */
export function renderDashboard(input: DashboardInput): string {
  const { report, runs } = input
  const assets = input.assets ?? readUplotAssets()
  const sections: string[] = []
  const charts: ScenarioChartData[] = []
  Object.entries(report.scenarios).forEach(([name, scenario], index) => {
    const id = `scenario-${index}`
    const run = Object.hasOwn(runs, name) ? runs[name] : undefined
    sections.push(renderScenarioSection(id, name, scenario, run))
    if (run !== undefined && run.timeline.length > 0) {
      charts.push(scenarioChartData(id, name, scenario, run))
    }
  })
  const history = input.history ?? []
  const trendRuns = input.trendRuns ?? TREND_RUNS
  const trend = history.length > 0 ? trendChartData(history, trendRuns) : null
  const title = `${report.certified ? 'CERTIFIED' : 'NOT CERTIFIED'}: stressgate certification`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${inlineStyleText(assets.style)}</style>
<style>${DASHBOARD_STYLE}</style>
</head>
<body>
${renderVerdict(report)}
${renderCriteriaTable(report)}
${renderBaseline(report.baseline)}
${renderTrend(history, report.services?.run_id ?? report.certification_timestamp, trendRuns)}
${renderRunServices(report.services)}
${sections.join('\n')}
<script type="application/json" id="dashboard-data">${jsonForScript(charts)}</script>
<script type="application/json" id="trend-data">${jsonForScript(trend)}</script>
<script>${inlineScriptText(assets.script)}</script>
<script>${DASHBOARD_SCRIPT}</script>
</body>
</html>
`
}
