import type { RunHistoryEntry } from '../report-schema.js'
import { escapeHtml } from './escape.js'
import { formatNumber } from './verdict-and-criteria.js'

/** Runs the trend shows by default. */
export const TREND_RUNS = 20

/** The trend chart's columns: one point per run, one series per scenario (null: no p99). */
export interface TrendChartData {
  /** 1..n, oldest run first. */
  readonly run: readonly number[]
  readonly timestamps: readonly string[]
  readonly series: readonly { readonly name: string; readonly p99Ms: readonly (number | null)[] }[]
}

/**
 * The decision p99 of every scenario over the newest `limit` runs, oldest first. Scenarios are
 * in the order they first appear; a run without a scenario (or without its p99) leaves a gap.
 *
 * @example
 * trendChartData(history, 20).series[0] // { name: 'flash_crash', p99Ms: [0.41, 0.38, null, 0.44] }
 */
export function trendChartData(
  runs: readonly RunHistoryEntry[],
  limit = TREND_RUNS,
): TrendChartData {
  const shown = runs.slice(-limit)
  const names: string[] = []
  for (const r of shown)
    for (const n of Object.keys(r.scenarios)) if (!names.includes(n)) names.push(n)
  return {
    run: shown.map((_, i) => i + 1),
    timestamps: shown.map((r) => r.timestamp),
    series: names.map((name) => ({
      name,
      p99Ms: shown.map((r) => r.scenarios[name]?.decision_p99_ms ?? null),
    })),
  }
}

/** `2026-11-25T23:07:44.104Z` as `2026-11-25 23:07:44Z`: one line in a table cell. */
const shortTime = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')

/**
 * The trend of the last runs: a chart of decision p99 per scenario (drawn by the page script
 * from the `trend-data` block) and a table, newest run first, marking the current run. Empty
 * when there is no history.
 *
 * @example
 * renderTrend(history, report.services?.run_id) // '<section id="trend">…'
 */
export function renderTrend(
  runs: readonly RunHistoryEntry[],
  currentRunId: string | undefined,
  limit = TREND_RUNS,
): string {
  const shown = runs.slice(-limit)
  if (shown.length === 0) return ''
  const data = trendChartData(shown, limit)
  const names = data.series.map((s) => s.name)
  const head = names.map((n) => `<th>${escapeHtml(n)}</th>`).join('')
  const rows = [...shown]
    .reverse()
    .map((r) => {
      const current = r.run_id === currentRunId ? ' class="current"' : ''
      const verdict = r.certified ? 'CERTIFIED' : 'NOT CERTIFIED'
      const cells = names
        .map((n) => {
          const s = r.scenarios[n]
          if (s === undefined) return '<td class="num">-</td>'
          const p99 =
            s.decision_p99_ms === undefined ? '-' : `${formatNumber(s.decision_p99_ms)} ms`
          return `<td class="num state-${escapeHtml(s.state)}">${escapeHtml(p99)}</td>`
        })
        .join('')
      return `<tr${current}><td class="when">${escapeHtml(shortTime(r.timestamp))}</td><td class="verdict-${r.certified ? 'pass' : 'fail'}">${verdict}</td>${cells}</tr>`
    })
    .join('')
  return `<section id="trend"><h2>Trend: decision p99 over the last ${shown.length === 1 ? 'run' : `${shown.length} runs`}</h2>
<div class="chart" id="trend-chart"></div>
<div class="scroll"><table class="trend"><thead><tr><th>Run</th><th>Verdict</th>${head}</tr></thead><tbody>${rows}</tbody></table></div></section>`
}
