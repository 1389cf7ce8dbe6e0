import { describe, expect, test } from 'vitest'
import { decodeHistogram } from './histogram-codec.js'
import { LatencyRecorder } from './latency-recorder.js'

describe('LatencyRecorder', () => {
  test('decision latency counts from the intended start, service time from the dispatch', () => {
    using rec = new LatencyRecorder()
    rec.recordDecision({ intendedMs: 0, startedMs: 40, endedMs: 41 })
    rec.recordDecision({ intendedMs: 10, startedMs: 41, endedMs: 41.5 })
    const s = rec.summaries()
    expect(s.decision.count, 'decision count').toBe(2)
    expect(s.decision.maxMs, 'worst decision').toBe(41)
    // 31_500 us sits in a 16 us wide bucket [31488, 31503]; the minimum reports its lowest value.
    expect(s.decision.minMs, 'best decision').toBe(31.488)
    expect(s.service.maxMs, 'worst service').toBe(1)
    expect(s.service.minMs, 'best service').toBe(0.5)
  })

  test('rounds to whole microseconds and clamps negative durations to zero', () => {
    using rec = new LatencyRecorder()
    rec.recordScheduleLag(0.0004)
    rec.recordScheduleLag(0.0016)
    rec.recordScheduleLag(-3)
    const lag = rec.summaries().scheduleLag
    expect(lag.count).toBe(3)
    expect(lag.minMs).toBe(0)
    expect(lag.maxMs).toBe(0.002)
  })

  test('encodes each metric so it decodes to the same distribution', () => {
    using rec = new LatencyRecorder()
    for (let i = 1; i <= 100; i++)
      rec.recordDecision({ intendedMs: 0, startedMs: 0, endedMs: i / 10 })
    const decoded = decodeHistogram(rec.encode().decision)
    expect(decoded.totalCount).toBe(100)
    // 9_900 us sits in an 8 us wide bucket [9896, 9903]; percentiles report its highest value.
    expect(decoded.getValueAtPercentile(99)).toBe(9903)
    decoded.destroy()
  })

  test('reports the histogram backend and survives a double dispose', () => {
    const rec = new LatencyRecorder()
    expect(['wasm', 'js']).toContain(rec.backend)
    rec[Symbol.dispose]()
    expect(() => rec[Symbol.dispose]()).not.toThrow()
  })
})
