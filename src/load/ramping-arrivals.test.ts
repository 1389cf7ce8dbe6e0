import { describe, expect, test } from 'vitest'
import { LoadSpecError } from './load-error.js'
import { rampingArrivals } from './ramping-arrivals.js'
import type { ArrivalSchedule } from './schedule.js'

const offsetsOf = (s: ArrivalSchedule): number[] =>
  Array.from({ length: s.count }, (_, i) => s.offsetMs(i))

const countsPerPhase = (s: ArrivalSchedule): number[] => {
  const offsets = offsetsOf(s)
  return (s.phases?.() ?? []).map(
    (p) => offsets.filter((o) => o >= p.startMs && o < p.endMs).length,
  )
}

// 0 -> 100/s over 10 s: rate r(t) = slope * t with slope = 0.1 decisions/ms / 10,000 ms = 1e-5
// decisions/ms²; its integral slope * t² / 2 reaches i at t = sqrt(2 i / slope) = sqrt(200,000 i).
const SLOPE = 1e-5
const UP = { durationMs: 10_000, target: 100 }

describe('rampingArrivals', () => {
  test('0 -> 100/s over 10 s: 500 decisions, the i-th at sqrt(2 i / slope)', () => {
    const s = rampingArrivals({ stages: [UP] })
    expect(s.count, 'count = 100/s * 10 s / 2').toBe(500)
    expect(s.durationMs).toBe(10_000)
    expect(s.offsetMs(0), 'i = 0').toBe(0)
    expect(s.offsetMs(5), 'i = 5').toBeCloseTo(1_000, 9)
    expect(s.offsetMs(125), 'i = 125').toBeCloseTo(5_000, 9)
    expect(s.offsetMs(405), 'i = 405').toBeCloseTo(9_000, 9)
    for (const i of [1, 2, 77, 250, 499]) {
      expect(s.offsetMs(i), `i = ${i}`).toBeCloseTo(Math.sqrt((2 * i) / SLOPE), 9)
    }
    expect(s.phases()).toEqual([{ name: 'stage 1', startMs: 0, endMs: 10_000 }])
    expect(s.describe()).toBe('ramping 0/s -> 100/s in 10000 ms')
  })

  test('up, hold, down: 500 decisions per stage at exact offsets', () => {
    const s = rampingArrivals({
      stages: [UP, { durationMs: 5_000, target: 100 }, { durationMs: 10_000, target: 0 }],
    })
    expect(s.count, 'count').toBe(1_500)
    expect(s.durationMs).toBe(25_000)
    expect(countsPerPhase(s), 'per stage').toEqual([500, 500, 500])
    // Hold: linear, 10 ms apart from 10 s.
    expect(s.offsetMs(500), 'first of hold').toBe(10_000)
    expect(s.offsetMs(750), 'mid hold').toBeCloseTo(12_500, 9)
    expect(s.offsetMs(1_000), 'first of ramp down').toBeCloseTo(15_000, 9)
    // Ramp down mirrors the ramp up: decision i sits sqrt(2 (1500 - i) / slope) before 25 s.
    expect(s.offsetMs(1_375), 'i = 1375').toBeCloseTo(20_000, 6)
    expect(s.offsetMs(1_480), 'i = 1480').toBeCloseTo(23_000, 6)
    expect(s.offsetMs(1_499), 'last').toBeCloseTo(25_000 - Math.sqrt(2 / SLOPE), 6)
    expect(s.phases()).toEqual([
      { name: 'stage 1', startMs: 0, endMs: 10_000 },
      { name: 'stage 2', startMs: 10_000, endMs: 15_000 },
      { name: 'stage 3', startMs: 15_000, endMs: 25_000 },
    ])
    const offsets = offsetsOf(s)
    expect(offsets.every((o, i) => i === 0 || o >= (offsets[i - 1] ?? 0))).toBe(true)
    expect(s.describe()).toBe(
      'ramping 0/s -> 100/s in 10000 ms -> 100/s in 5000 ms -> 0/s in 10000 ms',
    )
  })

  test('starts from startRate: 50 -> 150/s over 10 s', () => {
    // Integral 0.05 t + 5e-6 t²: 55 at 1 s, 375 at 5 s, 1,000 at 10 s.
    const s = rampingArrivals({ startRate: 50, stages: [{ durationMs: 10_000, target: 150 }] })
    expect(s.count).toBe(1_000)
    expect(s.startRate).toBe(50)
    expect(s.offsetMs(55)).toBeCloseTo(1_000, 9)
    expect(s.offsetMs(375)).toBeCloseTo(5_000, 9)
  })

  test('a constant stage is evenly spaced', () => {
    const s = rampingArrivals({ startRate: 100, stages: [{ durationMs: 1_000, target: 100 }] })
    expect(s.count).toBe(100)
    expect(offsetsOf(s)).toEqual(Array.from({ length: 100 }, (_, i) => i * 10))
  })

  test('0 ms stages jump; a pause at 0/s holds decisions until the rate returns', () => {
    const s = rampingArrivals({
      stages: [
        { durationMs: 0, target: 100 },
        { durationMs: 1_000, target: 100 },
        { durationMs: 0, target: 0 },
        { durationMs: 1_000, target: 0 },
        { durationMs: 0, target: 100 },
        { durationMs: 1_000, target: 100 },
      ],
    })
    expect(s.count).toBe(200)
    expect(s.offsetMs(0)).toBe(0)
    expect(s.offsetMs(99)).toBe(990)
    expect(s.offsetMs(100), 'first after the pause').toBe(2_000)
    expect(s.offsetMs(199)).toBe(2_990)
    expect(s.phases()[2]).toEqual({ name: 'stage 3', startMs: 1_000, endMs: 1_000 })
  })

  test('keeps its own copy of the stages', () => {
    const stages = [{ ...UP }]
    const s = rampingArrivals({ stages })
    stages[0] = { durationMs: 1, target: 1 }
    expect(s.stages).toEqual([UP])
    expect(s.count).toBe(500)
  })

  test('refuses an index outside the schedule', () => {
    const s = rampingArrivals({ stages: [UP] })
    expect(() => s.offsetMs(500)).toThrow(/index 500 is outside 0..499/)
    expect(() => s.offsetMs(-1)).toThrow(RangeError)
  })

  test.each([
    [{ stages: [] }, /stages must be a non-empty array of \{ durationMs, target \}/],
    [{ stages: [UP, { durationMs: -1, target: 5 }] }, /stages\[1\]\.durationMs .* got -1/],
    [{ stages: [{ durationMs: 1_000, target: -5 }] }, /stages\[0\]\.target .* >= 0, got -5/],
    [{ stages: [{ durationMs: 1_000, target: Number.NaN }] }, /target .* got NaN/],
    [{ startRate: -1, stages: [UP] }, /startRate must be a finite number >= 0, got -1/],
    [{ stages: [{ durationMs: 0, target: 100 }] }, /stages last 0 ms in total/],
    [{ stages: [{ durationMs: 1_000, target: 1 }] }, /schedule 0.5 decisions, fewer than 1/],
  ])('rejects %o', (options, message) => {
    expect(() => rampingArrivals(options)).toThrow(LoadSpecError)
    expect(() => rampingArrivals(options)).toThrow(message)
    expect(() => rampingArrivals(options)).toThrow(/Example: rampingArrivals\(\{ stages: \[/)
  })
})
