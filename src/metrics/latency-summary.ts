import type { Histogram } from 'hdr-histogram-js'

/**
 * Percentiles of one latency distribution, in milliseconds.
 * On the 2-core machines here p99 is meaningful; p999 and max mostly show platform stalls.
 */
export interface LatencySummary {
  readonly count: number
  readonly minMs: number
  readonly meanMs: number
  readonly p50Ms: number
  readonly p90Ms: number
  readonly p99Ms: number
  readonly p999Ms: number
  readonly maxMs: number
}

const US_PER_MS = 1000

/** Summarises a microsecond histogram into milliseconds. An empty histogram gives zeros. */
export function summarize(histogram: Histogram): LatencySummary {
  const count = histogram.totalCount
  if (count === 0) {
    return { count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0 }
  }
  const at = (p: number): number => histogram.getValueAtPercentile(p) / US_PER_MS
  return {
    count,
    minMs: at(0),
    meanMs: histogram.mean / US_PER_MS,
    p50Ms: at(50),
    p90Ms: at(90),
    p99Ms: at(99),
    p999Ms: at(99.9),
    maxMs: histogram.maxValue / US_PER_MS,
  }
}

/** The value at any percentile of a microsecond histogram, in milliseconds. */
export function percentileMs(histogram: Histogram, percentile: number): number {
  return histogram.totalCount === 0 ? 0 : histogram.getValueAtPercentile(percentile) / US_PER_MS
}
