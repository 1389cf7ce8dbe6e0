import hdr, { type Histogram } from 'hdr-histogram-js'

/** Which implementation backs the histograms of this process. */
export type HistogramBackend = 'wasm' | 'js'

let backend: HistogramBackend | undefined

/**
 * Initialises hdr-histogram-js' WebAssembly build once, on first use (never at import time),
 * and falls back to the JavaScript Int32 histogram when WebAssembly cannot start.
 */
export function histogramBackend(): HistogramBackend {
  if (backend === undefined) {
    try {
      hdr.initWebAssemblySync()
      backend = 'wasm'
    } catch {
      backend = 'js'
    }
  }
  return backend
}

/**
 * Milliseconds as the whole microseconds histograms record (never negative).
 *
 * @example
 * toMicros(1.2345) // 1235
 */
export const toMicros = (ms: number): number => Math.max(0, Math.round(ms * 1000))

/**
 * A microsecond histogram with 3 significant digits and Int32 buckets.
 * Packed buckets cost 10-40x more per record on these machines, so they are never used.
 */
export function createHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    numberOfSignificantValueDigits: 3,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 2,
    autoResize: true,
    useWebAssembly: histogramBackend() === 'wasm',
  })
}
