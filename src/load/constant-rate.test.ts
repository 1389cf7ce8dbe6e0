import { describe, expect, test } from 'vitest'
import { constantRate } from './constant-rate.js'
import { LoadSpecError } from './load-error.js'

describe('constantRate', () => {
  test('spaces decisions evenly', () => {
    const s = constantRate({ perSecond: 1_000, durationMs: 10_000 })
    expect(s.count, 'count').toBe(10_000)
    expect(s.intervalMs, 'interval').toBe(1)
    expect(s.offsetMs(0)).toBe(0)
    expect(s.offsetMs(2_500)).toBe(2_500)
    expect(s.describe()).toBe('constant 1000/s for 10000 ms')
  })

  test('handles rates that do not divide a second', () => {
    const s = constantRate({ perSecond: 3, durationMs: 2_000 })
    expect(s.count).toBe(6)
    expect(s.offsetMs(3)).toBe(1_000)
  })

  test.each([
    [{ perSecond: 0, durationMs: 1_000 }, /perSecond must be a finite number > 0, got 0/],
    [{ perSecond: 100, durationMs: -1 }, /durationMs must be a finite number > 0, got -1/],
    [
      { perSecond: Number.NaN, durationMs: 1_000 },
      /perSecond must be a finite number > 0, got NaN/,
    ],
    [{ perSecond: 1, durationMs: 500 }, /schedules no decision/],
  ])('rejects %o', (options, message) => {
    expect(() => constantRate(options)).toThrow(LoadSpecError)
    expect(() => constantRate(options)).toThrow(message)
  })
})
