import type { Histogram } from 'hdr-histogram-js'
import { createHistogram, type HistogramBackend, histogramBackend, toMicros } from './hdr.js'
import { encodeHistogram } from './histogram-codec.js'
import { type LatencySummary, summarize } from './latency-summary.js'

/** The distributions every run keeps. */
export type LatencyMetric = 'decision' | 'service' | 'scheduleLag' | 'pipeline' | 'engine'

/** Every metric, in report order. */
export const LATENCY_METRICS: readonly LatencyMetric[] = [
  'decision',
  'service',
  'scheduleLag',
  'pipeline',
  'engine',
]

/** One summary per metric, in milliseconds. */
export type LatencySummaries = Readonly<Record<LatencyMetric, LatencySummary>>

/** One HdrHistogram compressed base64 string per metric, in microseconds. */
export type EncodedHistograms = Readonly<Record<LatencyMetric, string>>

/**
 * Records decision latencies the way wrk2 does:
 * - `decision`: verdict time minus the *intended* start from the schedule (coordinated-omission
 *   corrected: a stalled system is charged for every request that waited behind the stall);
 * - `service`: verdict time minus the actual dispatch (what a closed-loop tool would report);
 * - `scheduleLag`: how late the generator itself dispatched, not counting time the engine held
 *   the thread;
 * - `engine`: the part of each decision latency the engine caused, whatever the generator did:
 *   its service time plus the time the decision waited for the engine to free the thread (the
 *   decision latency without the generator's lag and the harness' own work before the call).
 *   A latency threshold this alone exceeds is the engine's, even on a run whose generator fell
 *   behind.
 *
 * Values are kept in microseconds, 3 significant digits, Int32 buckets.
 *
 * @example
 * using rec = new LatencyRecorder()
 * rec.recordDecision({ intendedMs: 0, startedMs: 40, endedMs: 41 })
 * rec.summaries().decision.p99Ms // 41
 * rec.summaries().service.p99Ms  // 1
 */
export class LatencyRecorder implements Disposable {
  readonly backend: HistogramBackend = histogramBackend()
  readonly #histograms: Record<LatencyMetric, Histogram> = {
    decision: createHistogram(),
    service: createHistogram(),
    scheduleLag: createHistogram(),
    pipeline: createHistogram(),
    engine: createHistogram(),
  }
  #disposed = false

  /**
   * Records one decision from its intended start, its actual dispatch and its verdict time, and
   * the part of its latency the engine caused (`engineMs`, by default all of it).
   */
  recordDecision(times: {
    intendedMs: number
    startedMs: number
    endedMs: number
    engineMs?: number
  }): void {
    const decisionMs = times.endedMs - times.intendedMs
    this.#histograms.decision.recordValue(toMicros(decisionMs))
    this.#histograms.service.recordValue(toMicros(times.endedMs - times.startedMs))
    this.#histograms.engine.recordValue(toMicros(times.engineMs ?? decisionMs))
  }

  /**
   * Records one decision's trip through the pipeline: from its intended start until the
   * consumer of the Redis decision queue read it, in milliseconds.
   */
  recordPipeline(latencyMs: number): void {
    this.#histograms.pipeline.recordValue(toMicros(latencyMs))
  }

  /** Records how late the generator dispatched one decision, in milliseconds. */
  recordScheduleLag(lagMs: number): void {
    this.#histograms.scheduleLag.recordValue(toMicros(lagMs))
  }

  /** The live histogram of one metric (microseconds). Do not destroy it. */
  histogram(metric: LatencyMetric): Histogram {
    return this.#histograms[metric]
  }

  summaries(): LatencySummaries {
    return {
      decision: summarize(this.#histograms.decision),
      service: summarize(this.#histograms.service),
      scheduleLag: summarize(this.#histograms.scheduleLag),
      pipeline: summarize(this.#histograms.pipeline),
      engine: summarize(this.#histograms.engine),
    }
  }

  encode(): EncodedHistograms {
    return {
      decision: encodeHistogram(this.#histograms.decision),
      service: encodeHistogram(this.#histograms.service),
      scheduleLag: encodeHistogram(this.#histograms.scheduleLag),
      pipeline: encodeHistogram(this.#histograms.pipeline),
      engine: encodeHistogram(this.#histograms.engine),
    }
  }

  /** Frees the WebAssembly memory behind the histograms. Safe to call twice. */
  [Symbol.dispose](): void {
    if (this.#disposed) return
    this.#disposed = true
    for (const h of Object.values(this.#histograms)) h.destroy()
  }
}
