import { describe, expect, test } from 'vitest'
import { burstArrivals } from './burst-arrivals.js'
import { LoadSpecError } from './load-error.js'
import type { ArrivalSchedule } from './schedule.js'

const offsetsOf = (s: ArrivalSchedule): number[] =>
  Array.from({ length: s.count }, (_, i) => s.offsetMs(i))

const countsPerPhase = (s: ArrivalSchedule): Record<string, number> => {
  const offsets = offsetsOf(s)
  return Object.fromEntries(
    (s.phases?.() ?? []).map((p) => [
      p.name,
      offsets.filter((o) => o >= p.startMs && o < p.endMs).length,
    ]),
  )
}

const TEN_X = { perSecond: 1_000, burstMultiplier: 10, burstEveryMs: 5_000, burstMs: 500 }

describe('burstArrivals', () => {
  test('1000/s with 10x bursts of 500 ms every 5 s over 10 s: 19,000 decisions', () => {
    const s = burstArrivals({ ...TEN_X, durationMs: 10_000 })
    // 2 bursts x 500 ms x 10,000/s + 2 bases x 4,500 ms x 1,000/s = 10,000 + 9,000
    expect(s.count, 'count').toBe(19_000)
    expect(s.phases()).toEqual([
      { name: 'burst 1', startMs: 0, endMs: 500 },
      { name: 'base 1', startMs: 500, endMs: 5_000 },
      { name: 'burst 2', startMs: 5_000, endMs: 5_500 },
      { name: 'base 2', startMs: 5_500, endMs: 10_000 },
    ])
    expect(countsPerPhase(s)).toEqual({
      'burst 1': 5_000,
      'base 1': 4_500,
      'burst 2': 5_000,
      'base 2': 4_500,
    })
    expect(s.offsetMs(0), 'first').toBe(0)
    expect(s.offsetMs(1), 'burst spacing').toBeCloseTo(0.1, 12)
    expect(s.offsetMs(4_999), 'last of burst 1').toBeCloseTo(499.9, 9)
    expect(s.offsetMs(5_000), 'first of base 1').toBe(500)
    expect(s.offsetMs(5_001), 'base spacing').toBe(501)
    expect(s.offsetMs(9_500), 'first of burst 2').toBe(5_000)
    expect(s.offsetMs(14_500), 'first of base 2').toBe(5_500)
    expect(s.offsetMs(18_999), 'last').toBe(9_999)
    expect(s.describe()).toBe('burst 1000/s, 10x for 500 ms every 5000 ms, for 10000 ms')
  })

  test('offsets never decrease', () => {
    const offsets = offsetsOf(burstArrivals({ ...TEN_X, durationMs: 10_000 }))
    expect(offsets.every((o, i) => i === 0 || o >= (offsets[i - 1] ?? 0))).toBe(true)
  })

  test('cuts the last period short: 7 s ends in a base, 5.2 s inside a burst', () => {
    const inBase = burstArrivals({ ...TEN_X, durationMs: 7_000 })
    expect(inBase.count, '9,500 + 5,000 + 1,500').toBe(16_000)
    expect(inBase.phases().at(-1)).toEqual({ name: 'base 2', startMs: 5_500, endMs: 7_000 })
    const inBurst = burstArrivals({ ...TEN_X, durationMs: 5_200 })
    expect(inBurst.count, '9,500 + 2,000').toBe(11_500)
    expect(inBurst.phases().at(-1)).toEqual({ name: 'burst 2', startMs: 5_000, endMs: 5_200 })
    expect(countsPerPhase(inBurst)['burst 2']).toBe(2_000)
  })

  test('rates that do not divide a second lose nothing across periods', () => {
    // 3/s base, 2x bursts of 1 s every 3 s: 6 + 6 decisions per period, 4 periods
    const s = burstArrivals({
      perSecond: 3,
      burstMultiplier: 2,
      burstEveryMs: 3_000,
      burstMs: 1_000,
      durationMs: 12_000,
    })
    expect(s.count).toBe(48)
    expect(s.offsetMs(6), 'first of base 1').toBe(1_000)
    expect(s.offsetMs(12), 'first of burst 2').toBe(3_000)
    expect(s.offsetMs(47), 'last').toBeCloseTo(11_666.666_666_666_7, 6)
  })

  test('with a seed, each phase is a Poisson process at its rate', () => {
    const s = burstArrivals({ ...TEN_X, durationMs: 10_000, seed: 11 })
    expect(Math.abs(s.count - 19_000), 'count - 19,000').toBeLessThan(4 * Math.sqrt(19_000))
    expect(s.phases()).toEqual(burstArrivals({ ...TEN_X, durationMs: 10_000 }).phases())
    const counts = countsPerPhase(s)
    const expected: Record<string, number> = {
      'burst 1': 5_000,
      'base 1': 4_500,
      'burst 2': 5_000,
      'base 2': 4_500,
    }
    for (const [name, n] of Object.entries(expected)) {
      expect(Math.abs((counts[name] ?? 0) - n), name).toBeLessThan(4 * Math.sqrt(n))
    }
    const offsets = offsetsOf(s)
    expect(offsets.every((o, i) => i === 0 || o >= (offsets[i - 1] ?? 0))).toBe(true)
    expect(offsetsOf(burstArrivals({ ...TEN_X, durationMs: 10_000, seed: 11 }))).toEqual(offsets)
    expect(s.describe()).toBe(
      'burst 1000/s, 10x for 500 ms every 5000 ms, for 10000 ms, poisson seed 11',
    )
  })

  test('refuses an index outside the schedule', () => {
    const s = burstArrivals({ ...TEN_X, durationMs: 10_000 })
    expect(() => s.offsetMs(19_000)).toThrow(/index 19000 is outside 0..18999/)
    expect(() => s.offsetMs(0.5)).toThrow(RangeError)
  })

  test.each([
    [{ perSecond: 0 }, /perSecond must be a finite number > 0, got 0/],
    [{ burstMultiplier: 0.5 }, /burstMultiplier must be a finite number >= 1, got 0.5/],
    [{ burstEveryMs: Number.NaN }, /burstEveryMs must be a finite number > 0, got NaN/],
    [{ burstMs: -1 }, /burstMs must be a finite number > 0, got -1/],
    [{ burstMs: 5_000 }, /burstMs \(5000\) must be shorter than burstEveryMs \(5000\)/],
    [{ durationMs: 0 }, /durationMs must be a finite number > 0, got 0/],
    [{ seed: 0.5 }, /seed must be an integer or omitted, got 0.5/],
    [{ perSecond: 0.1, burstMultiplier: 1, durationMs: 1_000 }, /schedules no decision/],
  ])('rejects %o', (override, message) => {
    const options = { ...TEN_X, durationMs: 10_000, ...override }
    expect(() => burstArrivals(options)).toThrow(LoadSpecError)
    expect(() => burstArrivals(options)).toThrow(message)
    expect(() => burstArrivals(options)).toThrow(/Example: burstArrivals\(\{ perSecond: 1_000/)
  })
})
