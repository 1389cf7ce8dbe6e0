import { METRIC } from '../../metrics/metric-names.js'
import { histogramQuantile, type Sample } from '../../metrics/prometheus-text.js'
import {
  STATUS_BANDS,
  type StatusCheck,
  type StatusColour,
  statusColour,
} from '../../report/status-colours.js'

/** One of the seed's checks, measured and coloured. */
export interface HealthCheck {
  readonly check: StatusCheck
  readonly label: string
  readonly value: number | undefined
  readonly unit: 'ms' | '%' | 'USD' | 'count'
  readonly status: StatusColour
  readonly band: { readonly yellow: number; readonly red: number }
}

const sum = (samples: readonly Sample[], name: string): number | undefined => {
  const found = samples.filter((s) => s.name === name)
  return found.length === 0 ? undefined : found.reduce((a, s) => a + s.value, 0)
}

function p99FromHistogram(samples: readonly Sample[], metric: string): number | undefined {
  const byLe = new Map<number, number>()
  for (const s of samples) {
    if (s.name !== `${metric}_bucket` || s.labels.le === undefined) continue
    const le = s.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.labels.le)
    byLe.set(le, (byLe.get(le) ?? 0) + s.value)
  }
  const q = histogramQuantile(0.99, [...byLe])
  return Number.isNaN(q) ? undefined : q * 1000
}

/**
 * The seed's five checks from one /metrics scrape: decision P99 (HDR gauge when present, else
 * the histogram), pipeline P99, error rate, position delta and hard-limit breaches.
 *
 * @example
 * healthChecks(parsePrometheusText(await (await fetch(url)).text()))
 */
export function healthChecks(samples: readonly Sample[]): HealthCheck[] {
  const hdrP99 = samples.find(
    (s) =>
      s.name === METRIC.latencyPercentile &&
      s.labels.metric === 'decision' &&
      s.labels.quantile === '0.99',
  )
  const decisionP99 = hdrP99
    ? hdrP99.value * 1000
    : p99FromHistogram(samples, METRIC.decisionLatency)
  const decisions = sum(samples, METRIC.decisions)
  const errors = sum(samples, METRIC.decisionErrors)
  const attempts = (decisions ?? 0) + (errors ?? 0)
  const errorRate = attempts > 0 ? ((errors ?? 0) / attempts) * 100 : undefined
  const deltas = samples.filter((s) => s.name === METRIC.positionDelta).map((s) => s.value)
  const make = (
    check: StatusCheck,
    label: string,
    value: number | undefined,
    unit: HealthCheck['unit'],
  ): HealthCheck => ({
    check,
    label,
    value,
    unit,
    status: statusColour(check, value),
    band: STATUS_BANDS[check],
  })
  return [
    make('decisionP99Ms', 'Decision latency P99', decisionP99, 'ms'),
    make(
      'pipelineP99Ms',
      'Pipeline latency P99',
      p99FromHistogram(samples, METRIC.pipelineLatency),
      'ms',
    ),
    make('errorRatePct', 'Decision error rate', errorRate, '%'),
    make(
      'positionDeltaUsd',
      'Position delta',
      deltas.length > 0 ? Math.max(...deltas) : undefined,
      'USD',
    ),
    make(
      'hardLimitBreaches',
      'Hard-limit breaches',
      sum(samples, METRIC.hardLimitBreaches),
      'count',
    ),
  ]
}
