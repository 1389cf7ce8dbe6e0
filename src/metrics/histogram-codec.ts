import hdr, { type Histogram } from 'hdr-histogram-js'
import { StressgateError } from '../common/stressgate-error.js'
import { createHistogram, histogramBackend } from './hdr.js'

/**
 * Encodes a histogram in HdrHistogram's compressed base64 form, readable by every
 * HdrHistogram implementation (Java, Go, Rust, hdr-histogram-js).
 */
export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram)
}

/**
 * Decodes a histogram produced by {@link encodeHistogram}. The caller owns the result and
 * must `destroy()` it when it is backed by WebAssembly.
 *
 * @example
 * const h = decodeHistogram(result.histograms.decision)
 * try { console.log(h.getValueAtPercentile(99)) } finally { h.destroy() }
 */
export function decodeHistogram(base64: string): Histogram {
  try {
    return hdr.decodeFromCompressedBase64(base64, 32, histogramBackend() === 'wasm')
  } catch (cause) {
    throw new HistogramDecodeError(base64, cause)
  }
}

/**
 * Merges encoded histograms (e.g. the same scenario over several runs) into one encoded
 * histogram.
 *
 * @example
 * const all = mergeEncodedHistograms([runA.histograms.decision, runB.histograms.decision])
 */
export function mergeEncodedHistograms(encoded: readonly string[]): string {
  const merged = createHistogram()
  try {
    for (const item of encoded) {
      const part = decodeHistogram(item)
      try {
        merged.add(part)
      } finally {
        part.destroy()
      }
    }
    return encodeHistogram(merged)
  } finally {
    merged.destroy()
  }
}

/** Thrown when a string is not an HdrHistogram compressed base64 histogram. */
export class HistogramDecodeError extends StressgateError {
  readonly code = 'STRESSGATE_HISTOGRAM_DECODE'
  constructor(base64: string, cause: unknown) {
    const shown = base64.length > 40 ? `${base64.slice(0, 40)}...` : base64
    super(
      `Cannot decode histogram "${shown}": expected HdrHistogram compressed base64 (as written in certification_report.json under "histograms"). Pass the string unchanged from a report.`,
      { cause },
    )
  }
}
