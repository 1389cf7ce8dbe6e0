import { describe, expect, test } from 'vitest'
import { flashCrash } from './flash-crash.js'
import { MarketSpecError } from './market-error.js'
import { tickAt } from './market-path.js'

describe('flashCrash', () => {
  test('without noise the path is the profile exactly', () => {
    const path = flashCrash({
      dropPct: 15,
      overMs: 2_000,
      depthFloorPct: 1,
      volatilityPct: 0,
    }).build(42, 10_000)
    // atMs defaults to 30% of the run: the fall runs 3000..5000 ms, holds to 7000, rebounds to 11000.
    expect(path.ticks.length, 'one tick per 10 ms, both ends').toBe(1_001)
    expect(tickAt(path, 2_990).price, 'before').toBe(100)
    expect(tickAt(path, 4_000).price, 'halfway down').toBeCloseTo(92.5, 10)
    expect(tickAt(path, 4_000).depthPct, 'halfway depth').toBeCloseTo(50.5, 10)
    expect(tickAt(path, 5_000).price, 'bottom').toBeCloseTo(85, 10)
    expect(tickAt(path, 6_000).depthPct, 'floor').toBe(1)
    expect(tickAt(path, 9_000).price, 'half of the rebound').toBeCloseTo(88.75, 10)
    expect(tickAt(path, 10_000).price, 'three quarters of the rebound').toBeCloseTo(90.625, 10)
  })

  test('an optional venue halt after the fall freezes the price', () => {
    const path = flashCrash({ dropPct: 10, overMs: 1_000, haltMs: 500, volatilityPct: 0 }).build(
      1,
      10_000,
    )
    const halted = path.ticks.filter((t) => t.halted)
    expect(halted.map((t) => t.tMs)).toEqual(Array.from({ length: 50 }, (_, i) => 4_000 + i * 10))
    expect(new Set(halted.map((t) => t.price))).toEqual(new Set([90]))
    expect(tickAt(path, 4_500).halted).toBeUndefined()
  })

  test('the same seed gives the same noisy path; another seed does not', () => {
    const market = flashCrash()
    const a = market.build(7, 5_000).ticks.map((t) => t.price)
    const b = market.build(7, 5_000).ticks.map((t) => t.price)
    const c = market.build(8, 5_000).ticks.map((t) => t.price)
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
  })

  test('with noise the crash still reaches its drop and its depth floor', () => {
    const path = flashCrash({ dropPct: 15, depthFloorPct: 1 }).build(42, 10_000)
    const low = Math.min(...path.ticks.map((t) => t.price))
    expect(low).toBeGreaterThan(83)
    expect(low).toBeLessThan(87)
    expect(Math.min(...path.ticks.map((t) => t.depthPct))).toBe(1)
  })

  test.each([
    [{ dropPct: 0 }, /dropPct = 0 is out of range; allowed: 0 < dropPct < 100/],
    [{ dropPct: 120 }, /dropPct = 120 is out of range/],
    [{ depthFloorPct: 0 }, /depthFloorPct = 0 is out of range; allowed: 0 < depthFloorPct <= 100/],
    [{ overMs: -5 }, /overMs = -5 is out of range; allowed: overMs > 0/],
  ])('rejects %o', (options, message) => {
    expect(() => flashCrash(options)).toThrow(MarketSpecError)
    expect(() => flashCrash(options)).toThrow(message)
  })

  test('a fall that does not fit in the run is a clear error', () => {
    expect(() => flashCrash({ atMs: 9_000, overMs: 2_000 }).build(1, 10_000)).toThrow(
      /the fall \(atMs 9000 \+ overMs 2000\) does not fit in a 10000 ms run/,
    )
  })
})
