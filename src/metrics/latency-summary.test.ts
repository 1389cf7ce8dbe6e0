import { describe, expect, test } from 'vitest'
import { createHistogram } from './hdr.js'
import { percentileMs, summarize } from './latency-summary.js'

describe('summarize', () => {
  test('1..1000 us: every percentile is exact below 2048 us', () => {
    const h = createHistogram()
    for (let us = 1; us <= 1000; us++) h.recordValue(us)
    const s = summarize(h)
    expect(s.count, 'count').toBe(1000)
    expect(s.minMs, 'min').toBe(0.001)
    expect(s.p50Ms, 'p50').toBe(0.5)
    expect(s.p90Ms, 'p90').toBe(0.9)
    expect(s.p99Ms, 'p99').toBe(0.99)
    expect(s.p999Ms, 'p999').toBe(0.999)
    expect(s.maxMs, 'max').toBe(1)
    expect(s.meanMs, 'mean').toBeCloseTo(0.5005, 10)
    h.destroy()
  })

  test('large values report the highest equivalent value of their 3-digit bucket', () => {
    // 100_000 us: bucket index floor(log2 100000) - 10 = 6, so 64 us wide: [99968, 100031].
    const h = createHistogram()
    h.recordValueWithCount(1000, 90)
    h.recordValueWithCount(100_000, 10)
    expect(percentileMs(h, 90), 'p90').toBe(1)
    expect(percentileMs(h, 91), 'p91').toBe(100.031)
    expect(percentileMs(h, 99), 'p99').toBe(100.031)
    expect(summarize(h).maxMs, 'max is tracked exactly').toBe(100)
    h.destroy()
  })

  test('an empty histogram summarises to zeros', () => {
    const h = createHistogram()
    expect(summarize(h)).toEqual({
      count: 0,
      minMs: 0,
      meanMs: 0,
      p50Ms: 0,
      p90Ms: 0,
      p99Ms: 0,
      p999Ms: 0,
      maxMs: 0,
    })
    expect(percentileMs(h, 99)).toBe(0)
    h.destroy()
  })
})
