import type { Histogram as HdrHistogram } from 'hdr-histogram-js'
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { LatencyMetric } from './latency-recorder.js'
import { percentileMs } from './latency-summary.js'
import { LATENCY_BUCKETS_SECONDS, METRIC } from './metric-names.js'

/** The Prometheus side of one run: its own registry, never the global default one. */
export interface RunMetrics {
  readonly registry: Registry
  observeDecision(latencyMs: number, verdict: 'approve' | 'trim' | 'reject' | 'error'): void
  observePipeline(latencyMs: number): void
  breach(): void
  setPositionDelta(usd: number): void
  setRecoverySeconds(seconds: number): void
  /** Copies HDR percentiles (exact to 3 digits) into gauges. */
  exportPercentiles(metric: LatencyMetric, histogram: HdrHistogram): void
  setScheduleLagP99(ms: number): void
  sampleMemory(): void
}

const PERCENTILES = [50, 90, 95, 99, 99.9] as const

/**
 * A registry per run, labelled with the scenario and run id, holding the seed's metric names.
 *
 * @example
 * const metrics = createRunMetrics({ scenario: 'flash_crash', runId: 'r1' })
 * metrics.observeDecision(3.2, 'approve')
 * await metrics.registry.metrics() // Prometheus text format
 */
export function createRunMetrics(labels: { scenario: string; runId: string }): RunMetrics {
  const registry = new Registry()
  registry.setDefaultLabels({ scenario: labels.scenario, run_id: labels.runId })
  const decisionLatency = new Histogram({
    name: METRIC.decisionLatency,
    help: 'Decision latency from the intended start (coordinated-omission corrected), seconds',
    buckets: [...LATENCY_BUCKETS_SECONDS],
    registers: [registry],
  })
  const pipelineLatency = new Histogram({
    name: METRIC.pipelineLatency,
    help: 'Decision to Redis queue consumer latency, seconds',
    buckets: [...LATENCY_BUCKETS_SECONDS],
    registers: [registry],
  })
  const decisions = new Counter({
    name: METRIC.decisions,
    help: 'Decisions by verdict',
    labelNames: ['verdict'],
    registers: [registry],
  })
  const errors = new Counter({
    name: METRIC.decisionErrors,
    help: 'Decisions that errored or timed out',
    registers: [registry],
  })
  const breaches = new Counter({
    name: METRIC.hardLimitBreaches,
    help: 'Fills beyond a hard limit',
    registers: [registry],
  })
  const positionDelta = new Gauge({
    name: METRIC.positionDelta,
    help: 'Largest position disagreement between books, USD',
    registers: [registry],
  })
  const recovery = new Gauge({
    name: METRIC.recovery,
    help: 'Time to recover from the last fault, seconds',
    registers: [registry],
  })
  const percentile = new Gauge({
    name: METRIC.latencyPercentile,
    help: 'Latency percentiles from HdrHistogram, seconds',
    labelNames: ['metric', 'quantile'],
    registers: [registry],
  })
  const lag = new Gauge({
    name: METRIC.scheduleLag,
    help: 'Load generator schedule lag p99, seconds',
    registers: [registry],
  })
  const memory = new Gauge({
    name: METRIC.memory,
    help: 'V8 heap used, bytes',
    registers: [registry],
  })
  // Created so the series exist (at 0) before anything happens: absent series break alerts.
  errors.inc(0)
  breaches.inc(0)
  for (const verdict of ['approve', 'trim', 'reject'] as const) decisions.inc({ verdict }, 0)

  return {
    registry,
    observeDecision(latencyMs, verdict) {
      decisionLatency.observe(latencyMs / 1000)
      if (verdict === 'error') errors.inc()
      else decisions.inc({ verdict })
    },
    observePipeline: (latencyMs) => pipelineLatency.observe(latencyMs / 1000),
    breach: () => breaches.inc(),
    setPositionDelta: (usd) => positionDelta.set(usd),
    setRecoverySeconds: (seconds) => recovery.set(seconds),
    exportPercentiles(metric, histogram) {
      for (const p of PERCENTILES) {
        percentile.set({ metric, quantile: String(p / 100) }, percentileMs(histogram, p) / 1000)
      }
    },
    setScheduleLagP99: (ms) => lag.set(ms / 1000),
    sampleMemory: () => memory.set(process.memoryUsage().heapUsed),
  }
}
