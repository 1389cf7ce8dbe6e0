import hdr from 'hdr-histogram-js'
import { HistogramDecodeError } from './histogram-codec.js'

/** Result of a two-sample Kolmogorov-Smirnov test. */
export interface KsResult {
  /** Largest distance between the two empirical CDFs, in [0, 1]. */
  readonly d: number
  /** Asymptotic p-value from the Kolmogorov distribution at sqrt(n*m/(n+m)) * D. */
  readonly pValue: number
  /** n*m/(n+m). */
  readonly effectiveN: number
}

/** Recorded (value, count) buckets of a histogram, ascending by value, plus its p50/p99. */
export interface HistogramBuckets {
  readonly values: readonly number[]
  readonly counts: readonly number[]
  readonly total: number
  readonly p50: number
  readonly p99: number
}

/**
 * Decodes with the JavaScript implementation (its counts array is readable; WebAssembly's is
 * not), then walks every bucket with a count. Values are each bucket's lowest equivalent value,
 * in microseconds.
 *
 * @throws {HistogramDecodeError} when `base64` is not HDR compressed base64.
 */
export function decodeBuckets(base64: string): HistogramBuckets {
  let h: hdr.JsHistogram
  try {
    h = hdr.decodeFromCompressedBase64(base64, 32, false) as hdr.JsHistogram
  } catch (cause) {
    throw new HistogramDecodeError(base64, cause)
  }
  const values: number[] = []
  const counts: number[] = []
  for (let i = 0; i < h.countsArrayLength; i++) {
    const count = h.getCountAtIndex(i)
    if (count > 0) {
      values.push(h.valueFromIndex(i))
      counts.push(count)
    }
  }
  const total = counts.reduce((a, c) => a + c, 0)
  const result = {
    values,
    counts,
    total,
    p50: total === 0 ? 0 : h.getValueAtPercentile(50),
    p99: total === 0 ? 0 : h.getValueAtPercentile(99),
  }
  h.destroy()
  return result
}

/**
 * Survival function of the Kolmogorov distribution, Q(lambda) = P(K > lambda)
 * = 2 * sum_{j>=1} (-1)^(j-1) exp(-2 j^2 lambda^2). For small lambda, where that series
 * converges slowly, uses the Jacobi-theta form 1 - sqrt(2 pi)/lambda * sum exp(-(2j-1)^2 pi^2 / (8 lambda^2)).
 */
export function kolmogorovSurvival(lambda: number): number {
  if (!(lambda > 0)) return 1
  if (lambda < 1.18) {
    const y = Math.exp((-Math.PI * Math.PI) / (8 * lambda * lambda))
    let sum = 0
    for (let j = 1; j <= 5; j++) sum += y ** ((2 * j - 1) ** 2)
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum))
  }
  let sum = 0
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda)
    sum += j % 2 === 1 ? term : -term
    if (term < 1e-300) break
  }
  return Math.min(1, Math.max(0, 2 * sum))
}

/**
 * Two-sample Kolmogorov-Smirnov test on two decoded histograms ({@link decodeBuckets}); an empty
 * side is never significant (D = 0, p = 1).
 */
export function ksTestBuckets(a: HistogramBuckets, b: HistogramBuckets): KsResult {
  const n = a.total
  const m = b.total
  if (n === 0 || m === 0) return { d: 0, pValue: 1, effectiveN: 0 }
  // Walk both ascending bucket lists together; the CDFs are compared after each distinct value,
  // so ties (values in the same bucket) never open a spurious gap.
  let i = 0
  let j = 0
  let ca = 0
  let cb = 0
  let d = 0
  while (i < a.values.length || j < b.values.length) {
    const va = a.values[i] ?? Number.POSITIVE_INFINITY
    const vb = b.values[j] ?? Number.POSITIVE_INFINITY
    const v = Math.min(va, vb)
    if (va === v) ca += a.counts[i++] ?? 0
    if (vb === v) cb += b.counts[j++] ?? 0
    d = Math.max(d, Math.abs(ca / n - cb / m))
  }
  const effectiveN = (n * m) / (n + m)
  return { d, pValue: kolmogorovSurvival(Math.sqrt(effectiveN) * d), effectiveN }
}

/**
 * Two-sample Kolmogorov-Smirnov test on two encoded HDR histograms (compressed base64), computed
 * from their cumulative bucket counts. HDR buckets values (3 significant digits), so the data
 * are discrete and the asymptotic p-value is conservative; with the sample sizes of a stress run
 * (10^4-10^6) almost any difference is significant, which is why {@link compareReports} also
 * requires a practical p99 change.
 *
 * @example
 * ksTestEncoded(baseline.histograms.decision, current.histograms.decision) // { d, pValue, effectiveN }
 */
export function ksTestEncoded(baseline: string, current: string): KsResult {
  return ksTestBuckets(decodeBuckets(baseline), decodeBuckets(current))
}
