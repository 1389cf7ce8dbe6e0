import type { EnvironmentFingerprint } from '../../metrics/environment.js'
import type { RunServicesReport, ScenarioReport } from '../report-schema.js'
import { escapeHtml } from './escape.js'
import { formatNumber } from './verdict-and-criteria.js'

type Cell = string | number | boolean

/** A two-column table of escaped labels and values. */
export function keyValueTable(cls: string, rows: readonly (readonly [string, Cell])[]): string {
  const body = rows
    .map(([k, v]) => {
      const shown = typeof v === 'number' ? formatNumber(v) : String(v)
      return `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(shown)}</td></tr>`
    })
    .join('')
  return `<table class="kv ${escapeHtml(cls)}">${body}</table>`
}

const MIB = 1024 * 1024
const mib = (bytes: number): string => `${formatNumber(bytes / MIB)} MiB`

/**
 * The machine and runtime a scenario ran on, as `collectEnvironment` fingerprinted it.
 *
 * @example
 * renderEnvironment(scenario.environment) // '<table class="kv environment">…'
 */
export function renderEnvironment(env: EnvironmentFingerprint | undefined): string {
  if (env === undefined) return '<p class="none">No environment fingerprint.</p>'
  return keyValueTable('environment', [
    ['node', env.node],
    ['platform', `${env.platform} ${env.arch}`],
    ['cpu', `${env.cpuModel} (${env.cores} cores)`],
    ['memory', mib(env.totalMemoryBytes)],
    [
      'event-loop delay p50 / p99 / max',
      `${formatNumber(env.eventLoopDelay.p50Ms)} / ${formatNumber(env.eventLoopDelay.p99Ms)} / ${formatNumber(env.eventLoopDelay.maxMs)} ms`,
    ],
    [
      'GC pauses',
      `${env.gc.count}, total ${formatNumber(env.gc.totalPauseMs)} ms, max ${formatNumber(env.gc.maxPauseMs)} ms`,
    ],
    [
      'heap used start → end',
      `${mib(env.memory.heapUsedStartBytes)} → ${mib(env.memory.heapUsedEndBytes)}`,
    ],
    ['RSS start → end', `${mib(env.memory.rssStartBytes)} → ${mib(env.memory.rssEndBytes)}`],
  ])
}

/**
 * The backend each service had for one scenario, and what the run checked with them.
 *
 * @example
 * renderScenarioServices(scenario.services) // '<table class="kv services">…redis…'
 */
export function renderScenarioServices(services: ScenarioReport['services']): string {
  if (services === undefined) return '<p class="none">Ran without services.</p>'
  const warnings = services.warnings.length
    ? `<ul class="warnings">${services.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`
    : ''
  return `${keyValueTable('services', [
    ['redis', services.redis],
    ['postgres', services.postgres],
    ['pushgateway', services.pushgateway],
    ['redis positions match', services.redis_positions_match],
    ['history stored', services.history_stored],
    ['redis and postgres in sync', services.redis_postgres_in_sync],
  ])}${warnings}`
}

/**
 * The services the plugin provisioned for the whole run: backend, detail and start time.
 *
 * @example
 * renderRunServices(report.services) // '<section id="services">…'
 */
export function renderRunServices(services: RunServicesReport | undefined): string {
  if (services === undefined) return ''
  const rows = (['redis', 'postgres', 'pushgateway'] as const).map((name) => {
    const s = services[name]
    return `<tr><th>${name}</th><td>${escapeHtml(s.backend)}</td><td>${escapeHtml(s.detail)}</td><td class="num">${escapeHtml(formatNumber(s.start_ms))} ms</td></tr>`
  })
  const first =
    services.time_to_first_scenario_ms === undefined
      ? ''
      : `<p>first scenario after ${escapeHtml(formatNumber(services.time_to_first_scenario_ms))} ms</p>`
  return `<section id="services"><h2>Services</h2>
<p>mode ${escapeHtml(services.mode)}, run ${escapeHtml(services.run_id)}</p>
<table class="services"><thead><tr><th>Service</th><th>Backend</th><th>Detail</th><th>Start</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>${first}</section>`
}
