import type { ScenarioRunData } from '../../scenario/scenario-result.js'
import type { ScenarioReport } from '../report-schema.js'
import { escapeHtml } from './escape.js'
import { keyValueTable, renderEnvironment, renderScenarioServices } from './run-details.js'
import { formatNumber } from './verdict-and-criteria.js'

const ms = (value: number | undefined): string =>
  value === undefined ? 'n/a' : `${formatNumber(value)} ms`

function scheduleLag(scenario: ScenarioReport, run: ScenarioRunData | undefined): string {
  if (run === undefined)
    return keyValueTable('schedule-lag', [['p99', ms(scenario.schedule_lag_p99_ms)]])
  const lag = run.latency.scheduleLag
  return keyValueTable('schedule-lag', [
    ['dispatches', lag.count],
    ['p50', ms(lag.p50Ms)],
    ['p99', ms(lag.p99Ms)],
    ['p99.9', ms(lag.p999Ms)],
    ['max', ms(lag.maxMs)],
  ])
}

function messages(scenario: ScenarioReport): string {
  const items = scenario.failure_messages.map((m) => `<li><pre>${escapeHtml(m)}</pre></li>`)
  const reason =
    scenario.inconclusive_reason === undefined
      ? ''
      : `<p class="reason">inconclusive: ${escapeHtml(scenario.inconclusive_reason)}</p>`
  return `${reason}${items.length ? `<ul class="failures">${items.join('')}</ul>` : ''}`
}

/** Which clock ran the scenario, and how much it simulated. */
function clockOf(scenario: ScenarioReport): string {
  if (scenario.time !== 'simulated') return scenario.time === 'real' ? ' · real time' : ''
  const simulated = scenario.simulated_ms ?? 0
  const amount =
    simulated >= 3_600_000
      ? `${formatNumber(simulated / 3_600_000)} h`
      : `${formatNumber(simulated / 1_000)} s`
  return ` · <span class="clock clock-simulated">simulated time</span> (${amount} simulated)`
}

/** How to run it again exactly, and what an exploration shrank to. */
function replay(scenario: ScenarioReport): string {
  if (scenario.digest === undefined) return ''
  const shrunk = scenario.exploration?.counterexample
  const rows: string[] = [
    `<p class="digest">digest <code>${escapeHtml(scenario.digest)}</code></p>`,
    ...(scenario.replay
      ? [`<p class="replay">replay: <code>${escapeHtml(scenario.replay)}</code></p>`]
      : []),
    ...(scenario.exploration
      ? [
          `<p class="exploration">explored ${scenario.exploration.runs} cases (seed ${scenario.exploration.seed})${
            shrunk
              ? `; smallest failing case, after ${shrunk.shrinks} shrinks: <strong>${escapeHtml(shrunk.input)}</strong>`
              : ', all passed'
          }</p>`,
        ]
      : []),
    ...(scenario.event_log
      ? [
          `<details class="event-log" open><summary>its ${scenario.event_log.length} events</summary><pre>${escapeHtml(scenario.event_log.join('\n'))}</pre></details>`,
        ]
      : []),
  ]
  return rows.join('\n')
}

function charts(id: string, run: ScenarioRunData | undefined): string {
  if (run === undefined || run.timeline.length === 0) {
    return '<p class="none">No run data: the charts are unavailable for this scenario.</p>'
  }
  const faults = run.faults.length
    ? `<p class="faults">fault windows (shaded): ${run.faults
        .map(
          (f) =>
            `${escapeHtml(f.name)} ${formatNumber(f.start / 1_000)}–${formatNumber(f.end / 1_000)} s`,
        )
        .join(', ')}</p>`
    : '<p class="faults">no faults</p>'
  const chart = (kind: string, title: string): string =>
    `<figure><figcaption>${title}</figcaption><div class="chart" id="${id}-${kind}" data-chart="${kind}"></div></figure>`
  return `${faults}
${chart('latency', 'Decision latency per second (corrected), with thresholds')}
${chart('price', 'Price and drawdown')}
${chart('book', 'Position and equity')}`
}

/**
 * One scenario's panel: verdict, failures, charts (filled in by the page's script from the
 * JSON data), headline numbers, schedule lag, services and environment.
 *
 * @example
 * renderScenarioSection('s0', 'flash_crash', report.scenarios.flash_crash, run)
 */
export function renderScenarioSection(
  id: string,
  name: string,
  scenario: ScenarioReport,
  run: ScenarioRunData | undefined,
): string {
  return `<section class="scenario state-${scenario.state}" id="${id}">
<h2>${escapeHtml(name)} <span class="badge state-${scenario.state}">${escapeHtml(scenario.state)}</span></h2>
<p class="meta">${escapeHtml(scenario.file)}${scenario.load === undefined ? '' : ` · ${escapeHtml(scenario.load)}`}${scenario.seed === undefined ? '' : ` · seed ${scenario.seed}`}${clockOf(scenario)}</p>
${messages(scenario)}
${replay(scenario)}
${charts(id, run)}
<div class="details">
<div><h3>Headline</h3>${keyValueTable('headline', [
    ['decisions', scenario.decisions_total ?? 'n/a'],
    [
      'decision p50 / p99 / max',
      scenario.time === 'simulated'
        ? 'not measured (simulated time)'
        : `${ms(scenario.decision_p50_ms)} / ${ms(scenario.decision_p99_ms)} / ${ms(scenario.decision_max_ms)}`,
    ],
    [
      'max drawdown',
      scenario.max_drawdown_pct === undefined
        ? 'n/a'
        : `${formatNumber(scenario.max_drawdown_pct)} %`,
    ],
    ['hard-limit breaches', scenario.hard_limit_breaches ?? 'n/a'],
    ['PnL', scenario.pnl_usd === undefined ? 'n/a' : `${formatNumber(scenario.pnl_usd)} USD`],
  ])}</div>
<div><h3>Schedule lag</h3>${scheduleLag(scenario, run)}</div>
<div><h3>Services</h3>${renderScenarioServices(scenario.services)}</div>
<div><h3>Environment</h3>${renderEnvironment(scenario.environment)}</div>
</div>
</section>`
}
