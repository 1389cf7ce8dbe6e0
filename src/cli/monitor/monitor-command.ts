import type { Command } from 'commander'
import { METRIC } from '../../metrics/metric-names.js'
import type { Sample } from '../../metrics/prometheus-text.js'
import { CliError, type CliIo } from '../cli-io.js'
import { formatChecks } from './format-checks.js'
import { healthChecks } from './health-checks.js'
import { prometheusAlerts, scrape } from './scrape.js'

interface MonitorOptions {
  url: string
  prometheus?: string
  json?: boolean
  interval: string
  count?: string
}

const VIEWS = ['status', 'metrics', 'alerts', 'latency', 'errors', 'health', 'watch'] as const
type View = (typeof VIEWS)[number]

const pick = (samples: readonly Sample[], name: string) => samples.filter((s) => s.name === name)

function latency(samples: readonly Sample[]) {
  const rows = pick(samples, METRIC.latencyPercentile).map((s) => ({
    metric: s.labels.metric ?? '?',
    quantile: Number(s.labels.quantile),
    ms: s.value * 1000,
  }))
  return rows.sort((a, b) => a.metric.localeCompare(b.metric) || a.quantile - b.quantile)
}

function keyMetrics(samples: readonly Sample[]) {
  const total = (name: string) => pick(samples, name).reduce((a, s) => a + s.value, 0)
  return {
    decisions: Object.fromEntries(
      pick(samples, METRIC.decisions).map((s) => [s.labels.verdict ?? '?', s.value]),
    ),
    errors: total(METRIC.decisionErrors),
    hardLimitBreaches: total(METRIC.hardLimitBreaches),
    scheduleLagP99Ms: total(METRIC.scheduleLag) * 1000,
    heapUsedBytes: total(METRIC.memory),
    scenarios: [
      ...new Set(samples.map((s) => s.labels.scenario).filter((x): x is string => x !== undefined)),
    ],
  }
}

/**
 * `stressgate monitor <view>`: the seed's monitor.sh, reading the /metrics server (and, for
 * alerts, the Prometheus API when --prometheus is given). `health` exits 1 on red; an
 * unreachable server exits 2.
 */
export function registerMonitor(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
  colour: boolean,
): void {
  program
    .command('monitor')
    .description(`Watch a running stress test: ${VIEWS.join(' | ')}`)
    .argument('<view>', VIEWS.join(' | '))
    .option('--url <url>', 'metrics server', 'http://127.0.0.1:8000')
    .option('--prometheus <url>', 'Prometheus server, for alerts')
    .option('--json', 'machine-readable output')
    .option('--interval <seconds>', 'refresh interval of watch', '2')
    .option('--count <n>', 'stop watch after n refreshes (default: until Ctrl+C)')
    .action(async (view: string, options: MonitorOptions) => {
      if (!VIEWS.includes(view as View)) {
        throw new CliError(
          `unknown monitor view "${view}"; allowed: ${VIEWS.join(', ')}. Example: stressgate monitor health`,
        )
      }
      const print = (value: unknown, text: string) =>
        io.out(options.json ? `${JSON.stringify(value, null, 2)}\n` : text)
      const samples = await scrape(options.url)
      const checks = healthChecks(samples)
      switch (view as View) {
        case 'status':
          return print(checks, formatChecks(checks, colour && !options.json))
        case 'health': {
          const red = checks.filter((c) => c.status === 'red')
          setExit(red.length > 0 ? 1 : 0)
          return print(
            { healthy: red.length === 0, checks },
            `${formatChecks(checks, colour)}${red.length > 0 ? `UNHEALTHY: ${red.map((c) => c.label).join(', ')}\n` : 'HEALTHY\n'}`,
          )
        }
        case 'metrics': {
          const m = keyMetrics(samples)
          return print(
            m,
            `${Object.entries(m)
              .map(([k, v]) => `${k.padEnd(18)} ${typeof v === 'object' ? JSON.stringify(v) : v}`)
              .join('\n')}\n`,
          )
        }
        case 'latency': {
          const rows = latency(samples)
          return print(
            rows,
            rows.length === 0
              ? 'no latency percentiles yet (they are exported when a scenario ends)\n'
              : `${rows.map((r) => `${r.metric.padEnd(12)} ${`p${r.quantile * 100}`.padEnd(8)} ${r.ms.toFixed(3)} ms`).join('\n')}\n`,
          )
        }
        case 'errors': {
          const m = keyMetrics(samples)
          const rate = checks.find((c) => c.check === 'errorRatePct')
          return print(
            { errors: m.errors, errorRatePct: rate?.value ?? null, status: rate?.status },
            `errors ${m.errors}, rate ${rate?.value?.toFixed(3) ?? 'n/a'} % (${rate?.status})\n`,
          )
        }
        case 'alerts': {
          const alerts = options.prometheus
            ? await prometheusAlerts(options.prometheus)
            : checks
                .filter((c) => c.status === 'red' || c.status === 'yellow')
                .map((c) => ({
                  name: c.label,
                  severity: c.status === 'red' ? 'critical' : 'warning',
                  state: 'firing',
                  summary: `${c.label} ${c.value}`,
                }))
          return print(
            alerts,
            alerts.length === 0
              ? 'no alerts\n'
              : `${alerts.map((a) => `${a.severity.toUpperCase().padEnd(9)} ${a.name}: ${a.summary} (${a.state})`).join('\n')}\n`,
          )
        }
        case 'watch': {
          const count =
            options.count === undefined ? Number.POSITIVE_INFINITY : Number(options.count)
          const intervalMs = Math.max(0.1, Number(options.interval)) * 1000
          let stop = false
          const onSigint = () => {
            stop = true
          }
          process.once('SIGINT', onSigint)
          try {
            for (let i = 0; i < count && !stop; i++) {
              const fresh = i === 0 ? checks : healthChecks(await scrape(options.url))
              io.out(`${new Date().toISOString()}\n${formatChecks(fresh, colour)}`)
              if (i + 1 < count) await new Promise((resolve) => setTimeout(resolve, intervalMs))
            }
          } finally {
            process.off('SIGINT', onSigint)
          }
          return undefined
        }
      }
    })
}
