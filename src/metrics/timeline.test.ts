import { describe, expect, test } from 'vitest'
import { decodeHistogram } from './histogram-codec.js'
import { nearestRank, TimelineRecorder } from './timeline.js'

describe('nearestRank', () => {
  test('matches the textbook definition on 1..100', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(nearestRank(values, 50)).toBe(50)
    expect(nearestRank(values, 99)).toBe(99)
    expect(nearestRank(values, 99.5)).toBe(100)
    expect(nearestRank(values, 0)).toBe(1)
    expect(nearestRank([], 99)).toBe(0)
  })
})

describe('TimelineRecorder', () => {
  test('groups by window and carries the book state forward over quiet windows', () => {
    const t = new TimelineRecorder(1_000)
    for (let i = 1; i <= 10; i++) t.recordLatency(100 * i - 50, i) // window 0: 1..10 ms
    t.recordLatency(2_500, 42) // window 2
    t.recordState(900, { price: 100, positionQty: 5, equityUsd: 1_000, drawdownPct: 0 })
    t.recordState(2_100, { price: 90, positionQty: 5, equityUsd: 950, drawdownPct: 5 })
    const [w0, w1, w2] = t.windows()
    expect(w0).toMatchObject({
      startMs: 0,
      decisions: 10,
      p50Ms: 5,
      p99Ms: 10,
      maxMs: 10,
      price: 100,
      positionQty: 5,
      equityUsd: 1_000,
      drawdownPct: 0,
    })
    const h = decodeHistogram(w0?.histogram ?? '')
    expect(h.totalCount, 'the window histogram holds its decisions').toBe(10)
    expect(h.maxValue, 'in microseconds, top of the 8 us bucket of 10 ms after decoding').toBe(
      10_007,
    )
    h.destroy()
    expect(w1).toMatchObject({ startMs: 1_000, decisions: 0, p99Ms: 0, price: 100 })
    expect(w2).toMatchObject({ startMs: 2_000, decisions: 1, p99Ms: 42, price: 90, drawdownPct: 5 })
  })
})
