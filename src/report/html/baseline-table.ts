import type { BaselineReport } from '../report-schema.js'
import { escapeHtml } from './escape.js'
import { formatNumber } from './verdict-and-criteria.js'

const signed = (v: number, unit: string): string => `${v >= 0 ? '+' : ''}${formatNumber(v)}${unit}`

/** A percentage to one decimal, whole above 100 (2719.196 -> 2719, 8.449 -> 8.4). */
const percent = (v: number): string =>
  Math.abs(v) >= 100 ? String(Math.round(v)) : String(Math.round(v * 10) / 10)

const pValue = (p: number): string => (p < 1e-4 ? p.toExponential(1) : formatNumber(p))

/**
 * The delta of every scenario to the baseline: p99 before and after, the change, the noise floor
 * it was judged with (fixed or calibrated on N runs), the KS p-value and the verdict; a
 * regression row is marked like a failed criterion. Empty without a baseline.
 *
 * @example
 * renderBaseline(report.baseline) // '<section id="baseline">…REGRESSION…'
 */
export function renderBaseline(baseline: BaselineReport | undefined): string {
  if (baseline === undefined) return ''
  const rows = Object.entries(baseline.scenarios)
    .map(([name, s]) => {
      const cls = s.verdict === 'regression' ? 'fail' : s.verdict === 'improvement' ? 'pass' : ''
      const pct =
        s.p99_delta_pct === null
          ? '+inf %'
          : `${s.p99_delta_pct >= 0 ? '+' : ''}${percent(s.p99_delta_pct)} %`
      const floor = `${percent(s.noise_floor_pct)} %${s.calibration_runs === undefined ? '' : ` (calibrated, ${s.calibration_runs} runs)`}`
      return `<tr class="${cls}" data-verdict="${escapeHtml(s.verdict)}"><th>${escapeHtml(name)}</th><td class="num">${escapeHtml(formatNumber(s.baseline_p99_ms))} ms</td><td class="num">${escapeHtml(formatNumber(s.current_p99_ms))} ms</td><td class="num">${escapeHtml(signed(s.p99_delta_ms, ' ms'))}</td><td class="num">${escapeHtml(pct)}</td><td class="num">${escapeHtml(floor)}</td><td class="num">${escapeHtml(pValue(s.ks_p_value))}</td><td class="mark">${escapeHtml(s.verdict.replace('_', ' ').toUpperCase())}</td></tr>`
    })
    .join('')
  const notes = [
    ...baseline.not_compared.map((n) => `not compared: ${n.scenario}: ${n.reason}`),
    ...(baseline.only_in_baseline.length > 0
      ? [`only in the baseline: ${baseline.only_in_baseline.join(', ')}`]
      : []),
    ...(baseline.only_in_current.length > 0
      ? [`new since the baseline: ${baseline.only_in_current.join(', ')}`]
      : []),
  ]
  const list =
    notes.length === 0 ? '' : `<ul>${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`
  const head = baseline.regressed
    ? 'REGRESSION against the baseline'
    : 'No regression against the baseline'
  return `<section id="baseline"><h2>${head}</h2>
<p>baseline ${escapeHtml(baseline.file)} of ${escapeHtml(baseline.baseline_timestamp)}; a regression needs a p99 change beyond the noise floor and a significant Kolmogorov-Smirnov test (alpha ${escapeHtml(formatNumber(baseline.alpha))})</p>
<div class="scroll"><table class="baseline"><thead><tr><th>Scenario</th><th>Baseline p99</th><th>p99</th><th>Δ</th><th>Δ %</th><th>Noise floor</th><th>KS p</th><th>Verdict</th></tr></thead><tbody>${rows}</tbody></table></div>${list}</section>`
}
