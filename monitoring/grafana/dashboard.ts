/**
 * The Grafana dashboard "Stress Testing Platform - Real-Time Monitoring", as code.
 * `npm run monitoring:dashboard` writes dashboards/stressgate.json; a test checks the file is
 * current, that every query parses (promtool) and uses only metrics the code exports.
 */

type Step = { color: string; value: number | null }
const GREEN = 'green'
const YELLOW = 'yellow'
const RED = 'red'

const steps = (yellowFrom: number, redFrom: number): Step[] => [
  { color: GREEN, value: null },
  { color: YELLOW, value: yellowFrom },
  { color: RED, value: redFrom },
]

const p99 = (metric: string) => `histogram_quantile(0.99, sum by (le) (rate(${metric}_bucket[1m])))`
const errorRate =
  'sum(rate(risk_governor_decision_errors_total[1m])) / (sum(rate(risk_governor_decisions_total[1m])) + sum(rate(risk_governor_decision_errors_total[1m])))'

let nextId = 1
const datasource = { type: 'prometheus', uid: 'stressgate-prometheus' }

function stat(title: string, expr: string, unit: string, thresholds: Step[], x: number) {
  return {
    id: nextId++,
    type: 'stat',
    title,
    datasource,
    gridPos: { h: 5, w: 5, x, y: 0 },
    targets: [{ refId: 'A', expr, datasource }],
    fieldConfig: {
      defaults: { unit, thresholds: { mode: 'absolute', steps: thresholds } },
      overrides: [],
    },
    options: {
      colorMode: 'background',
      graphMode: 'area',
      reduceOptions: { calcs: ['lastNotNull'] },
    },
  }
}

function series(
  title: string,
  targets: { expr: string; legend: string }[],
  unit: string,
  y: number,
  x = 0,
  w = 12,
) {
  return {
    id: nextId++,
    type: 'timeseries',
    title,
    datasource,
    gridPos: { h: 8, w, x, y },
    targets: targets.map((t, i) => ({
      refId: String.fromCharCode(65 + i),
      expr: t.expr,
      legendFormat: t.legend,
      datasource,
    })),
    fieldConfig: { defaults: { unit }, overrides: [] },
    options: { legend: { displayMode: 'list', placement: 'bottom' } },
  }
}

/** The dashboard model (Grafana JSON, schema 39). */
export function buildDashboard(): Record<string, unknown> {
  nextId = 1
  const quantile = (q: number) =>
    `histogram_quantile(${q}, sum by (le) (rate(risk_governor_decision_latency_seconds_bucket[1m])))`
  return {
    uid: 'stressgate-realtime',
    title: 'Stress Testing Platform - Real-Time Monitoring',
    tags: ['stressgate'],
    timezone: 'utc',
    schemaVersion: 39,
    version: 1,
    refresh: '5s',
    time: { from: 'now-30m', to: 'now' },
    panels: [
      // The five critical panels, with the seed's colour thresholds.
      stat(
        'Decision latency P99',
        p99('risk_governor_decision_latency_seconds'),
        's',
        steps(0.01, 0.015),
        0,
      ),
      stat('Pipeline latency P99', p99('pipeline_latency_seconds'), 's', steps(0.015, 0.02), 5),
      stat('Decision error rate', errorRate, 'percentunit', steps(0.0005, 0.001), 10),
      stat(
        'Position delta',
        'max(risk_governor_position_delta_usd)',
        'currencyUSD',
        steps(500, 1000),
        15,
      ),
      {
        ...stat(
          'Hard-limit breaches',
          'sum(max by (scenario, run_id) (risk_governor_hard_limit_breaches_total))',
          'none',
          [
            { color: GREEN, value: null },
            { color: RED, value: 1 },
          ],
          20,
        ),
        gridPos: { h: 5, w: 4, x: 20, y: 0 },
      },
      series(
        'Decision latency P50 / P95 / P99',
        [
          { expr: quantile(0.5), legend: 'p50' },
          { expr: quantile(0.95), legend: 'p95' },
          { expr: quantile(0.99), legend: 'p99' },
        ],
        's',
        5,
      ),
      series(
        'Decision rate',
        [
          {
            expr: 'sum by (verdict) (rate(risk_governor_decisions_total[1m]))',
            legend: '{{verdict}}',
          },
        ],
        'reqps',
        5,
        12,
      ),
      series(
        'Memory (V8 heap)',
        [{ expr: 'max by (scenario) (stressgate_heap_used_bytes)', legend: '{{scenario}}' }],
        'bytes',
        13,
      ),
      series(
        'Recovery time',
        [{ expr: 'max by (scenario) (stressgate_recovery_seconds)', legend: '{{scenario}}' }],
        's',
        13,
        12,
      ),
    ],
  }
}

/** Every PromQL expression in a dashboard model. */
export function dashboardQueries(dashboard: Record<string, unknown>): string[] {
  const panels = dashboard.panels as { targets?: { expr: string }[] }[]
  return panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr))
}
