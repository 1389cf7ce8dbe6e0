import { createHistogram, toMicros } from './hdr.js'
import { encodeHistogram } from './histogram-codec.js'
/** What happened during one window of a run. */
export interface TimelineWindow {
  /** Start of the window, in ms from the start of the run. */
  readonly startMs: number
  /** Decisions whose intended start fell in the window. */
  readonly decisions: number
  /** Of those, the ones the engine approved (whole or trimmed). */
  readonly approved: number
  /** Decision latency (corrected) of those decisions, nearest-rank percentiles, in ms. */
  readonly p50Ms: number
  readonly p99Ms: number
  readonly maxMs: number
  /**
   * The window's decision latencies as an HdrHistogram (compressed base64, microseconds), so
   * any run of whole windows can be merged for an exact percentile.
   */
  readonly histogram: string
  /** Market and book at the last tick of the window. */
  readonly price: number
  readonly positionQty: number
  readonly equityUsd: number
  readonly drawdownPct: number
}

/** The book at an instant. */
export interface BookState {
  readonly price: number
  readonly positionQty: number
  readonly equityUsd: number
  readonly drawdownPct: number
}

function encodeLatencies(latenciesMs: Float64Array): string {
  const histogram = createHistogram()
  try {
    for (const ms of latenciesMs) histogram.recordValue(toMicros(ms))
    return encodeHistogram(histogram)
  } finally {
    histogram.destroy()
  }
}

/** Nearest-rank percentile of sorted values (the smallest value with at least p% at or below it). */
export function nearestRank(sorted: ArrayLike<number>, percentile: number): number {
  if (sorted.length === 0) return 0
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length))
  return sorted[Math.min(sorted.length, rank) - 1] ?? 0
}

/**
 * Per-window latency percentiles and book state, for charts, history samples and window-form
 * assertions. Latencies are kept exactly (a few bytes per decision) and sorted once per window.
 *
 * @example
 * const timeline = new TimelineRecorder(1_000)
 * timeline.recordLatency(250, 1.5)
 * timeline.windows()[0].p99Ms // 1.5
 */
export class TimelineRecorder {
  readonly windowMs: number
  readonly #latencies: number[][] = []
  readonly #approved: number[] = []
  readonly #states: (BookState | undefined)[] = []

  constructor(windowMs = 1_000) {
    if (!(windowMs > 0))
      throw new RangeError(`TimelineRecorder: windowMs must be > 0, got ${windowMs}`)
    this.windowMs = windowMs
  }

  /** One decision of the window at `offsetMs`: its latency, and whether it was approved. */
  recordLatency(offsetMs: number, latencyMs: number, approved = false): void {
    const index = Math.max(0, Math.floor(offsetMs / this.windowMs))
    if (approved) this.#approved[index] = (this.#approved[index] ?? 0) + 1
    let bucket = this.#latencies[index]
    if (bucket === undefined) {
      bucket = []
      this.#latencies[index] = bucket
    }
    bucket.push(latencyMs)
  }

  recordState(offsetMs: number, state: BookState): void {
    this.#states[Math.max(0, Math.floor(offsetMs / this.windowMs))] = state
  }

  windows(): TimelineWindow[] {
    const count = Math.max(this.#latencies.length, this.#states.length)
    const out: TimelineWindow[] = []
    let state: BookState = { price: 0, positionQty: 0, equityUsd: 0, drawdownPct: 0 }
    for (let i = 0; i < count; i++) {
      state = this.#states[i] ?? state
      const sorted = Float64Array.from(this.#latencies[i] ?? []).sort()
      out.push({
        startMs: i * this.windowMs,
        decisions: sorted.length,
        approved: this.#approved[i] ?? 0,
        p50Ms: nearestRank(sorted, 50),
        p99Ms: nearestRank(sorted, 99),
        maxMs: sorted.length === 0 ? 0 : (sorted[sorted.length - 1] ?? 0),
        histogram: encodeLatencies(sorted),
        ...state,
      })
    }
    return out
  }
}
