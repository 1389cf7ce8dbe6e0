import { describe, expect, test } from 'vitest'
import { createHistogram } from './hdr.js'
import {
  decodeHistogram,
  encodeHistogram,
  HistogramDecodeError,
  mergeEncodedHistograms,
} from './histogram-codec.js'

const encoded = (values: number[]): string => {
  const h = createHistogram()
  for (const v of values) h.recordValue(v)
  const out = encodeHistogram(h)
  h.destroy()
  return out
}

describe('histogram codec', () => {
  test('round-trips counts and percentiles', () => {
    const h = decodeHistogram(encoded([5, 10, 15, 20]))
    expect(h.totalCount).toBe(4)
    expect(h.getValueAtPercentile(50)).toBe(10)
    expect(h.maxValue).toBe(20)
    h.destroy()
  })

  test('merging two runs gives the distribution of both', () => {
    const merged = decodeHistogram(
      mergeEncodedHistograms([encoded([1, 2, 3]), encoded([4, 5, 6, 7])]),
    )
    expect(merged.totalCount, 'count').toBe(7)
    expect(merged.getValueAtPercentile(50), 'median of 1..7').toBe(4)
    expect(merged.maxValue, 'max').toBe(7)
    merged.destroy()
  })

  test('merging nothing gives an empty histogram', () => {
    const empty = decodeHistogram(mergeEncodedHistograms([]))
    expect(empty.totalCount).toBe(0)
    empty.destroy()
  })

  test('a string that is not a histogram is a clear error', () => {
    expect(() => decodeHistogram('not-a-histogram')).toThrow(HistogramDecodeError)
    expect(() => decodeHistogram('not-a-histogram')).toThrow(
      /Cannot decode histogram "not-a-histogram": expected HdrHistogram compressed base64/,
    )
  })
})
