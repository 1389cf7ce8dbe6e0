import type { DecisionOutcome } from '../contract/trading.js'
import { LATENCY_METRICS, LatencyRecorder } from '../metrics/latency-recorder.js'
import type { MetricsExposition } from '../metrics/live-registry.js'
import { pushMetrics } from '../metrics/push-metrics.js'
import { createRunMetrics, type RunMetrics } from '../metrics/run-metrics.js'
import { type BookState, TimelineRecorder } from '../metrics/timeline.js'
import type { ServiceEndpoint } from '../services/service-types.js'

/** Options of {@link RunTelemetry}. */
export interface RunTelemetryOptions {
  readonly scenario: string
  readonly runId: string
  /** Where to push metrics during and after the run; `none`/absent: no pushing. */
  readonly pushgateway?: ServiceEndpoint
  /** @default 5000 */
  readonly pushEveryMs?: number
  /** Where to serve the registry while the run lasts (the plugin's /metrics server). */
  readonly exposition?: MetricsExposition
  /** Width of the timeline's windows, in ms. @default 1000 */
  readonly timelineWindowMs?: number
}

/**
 * Everything a run measures, in one place: the HDR recorder (the numbers that certify), the
 * per-second timeline, and the Prometheus registry (the numbers operators watch), pushed to
 * the Pushgateway every few seconds and at the end.
 *
 * @example
 * using telemetry = new RunTelemetry({ scenario: 'flash_crash', runId: 'r1' })
 * telemetry.decision({ intendedMs: 0, startedMs: 1, endedMs: 2, offsetMs: 0, verdict: 'approve' })
 */
export class RunTelemetry implements Disposable {
  readonly recorder = new LatencyRecorder()
  readonly timeline: TimelineRecorder
  readonly metrics: RunMetrics
  readonly #options: RunTelemetryOptions
  readonly #warnings: string[] = []
  #timer: NodeJS.Timeout | undefined
  #pushing: Promise<void> | undefined
  readonly #unserve: () => void

  constructor(options: RunTelemetryOptions) {
    this.#options = options
    this.timeline = new TimelineRecorder(options.timelineWindowMs ?? 1_000)
    this.metrics = createRunMetrics({ scenario: options.scenario, runId: options.runId })
    this.#unserve = options.exposition?.serve(this.metrics.registry) ?? (() => undefined)
    if (this.#pushTarget()) {
      this.#timer = setInterval(() => this.#push(), options.pushEveryMs ?? 5_000)
      this.#timer.unref()
    }
  }

  decision(d: {
    intendedMs: number
    startedMs: number
    endedMs: number
    /** The part of the latency the engine caused. @default all of it */
    engineMs?: number
    offsetMs: number
    verdict: DecisionOutcome
  }): void {
    this.recorder.recordDecision(d)
    const latencyMs = d.endedMs - d.intendedMs
    this.timeline.recordLatency(
      d.offsetMs,
      latencyMs,
      d.verdict === 'approve' || d.verdict === 'trim',
    )
    this.metrics.observeDecision(latencyMs, d.verdict)
  }

  /** A decision read back from the Redis queue, `latencyMs` after its intended start. */
  pipeline(latencyMs: number): void {
    this.recorder.recordPipeline(latencyMs)
    this.metrics.observePipeline(latencyMs)
  }

  lag(ms: number): void {
    this.recorder.recordScheduleLag(ms)
  }

  breach(): void {
    this.metrics.breach()
  }

  book(tMs: number, state: BookState): void {
    this.timeline.recordState(tMs, state)
  }

  /** Final gauges and the last push; returns the warnings (a dead Pushgateway, ...). */
  async finish(extra: { positionDeltaUsd: number }): Promise<string[]> {
    clearInterval(this.#timer)
    this.#timer = undefined
    for (const metric of LATENCY_METRICS) {
      this.metrics.exportPercentiles(metric, this.recorder.histogram(metric))
    }
    this.metrics.setScheduleLagP99(this.recorder.summaries().scheduleLag.p99Ms)
    this.metrics.setPositionDelta(extra.positionDeltaUsd)
    this.metrics.sampleMemory()
    await this.#pushing
    this.#push()
    await this.#pushing
    return [...this.#warnings]
  }

  [Symbol.dispose](): void {
    clearInterval(this.#timer)
    this.#unserve()
    this.recorder[Symbol.dispose]()
  }

  #pushTarget(): string | undefined {
    const gateway = this.#options.pushgateway
    return gateway && gateway.backend !== 'none' && gateway.url ? gateway.url : undefined
  }

  #push(): void {
    const url = this.#pushTarget()
    if (!url || this.#pushing) return
    this.metrics.sampleMemory()
    this.#pushing = pushMetrics(this.metrics.registry, {
      url,
      job: 'stressgate',
      groupings: { scenario: this.#options.scenario, run_id: this.#options.runId },
      attempts: 2,
    })
      .then((outcome) => {
        if (!outcome.ok && !this.#warnings.includes(outcome.warning))
          this.#warnings.push(outcome.warning)
      })
      .finally(() => {
        this.#pushing = undefined
      })
  }
}
