import { describe, expect, test } from 'vitest'
import { flashCrash2010 } from './flash-crash-2010.js'
import { tickAt } from './market-path.js'

describe('flashCrash2010', () => {
  // Compressed 60x with no noise: lead-in 1 s, -3% by 5 s, -1.7% more by 5.25 s,
  // halted until 5.333 s, recovered to 0.995 by 35.333 s.
  const market = flashCrash2010({ compress: 60, volatilityPct: 0, tickMs: 1 })
  const path = market.build(1, Math.ceil(market.totalMs))

  test('follows the report: -3% in four minutes, -1.7% in 15 s, a 5 s halt, recovery in 30 min', () => {
    expect(market.totalMs).toBeCloseTo(35_333.33, 1)
    expect(tickAt(path, 1_000).price, 'end of lead-in').toBe(1128)
    expect(tickAt(path, 5_000).price / 1128, 'after four minutes').toBeCloseTo(0.97, 3)
    expect(tickAt(path, 5_250).price / 1128, 'after 15 more seconds').toBeCloseTo(0.97 * 0.983, 3)
    expect(tickAt(path, 5_250).depthPct, 'buy-side depth under 1%').toBeLessThan(1)
    expect(tickAt(path, 35_333).price / 1128, 'recovered').toBeCloseTo(0.995, 3)
    const halted = path.ticks.filter((t) => t.halted)
    expect(halted.length, '5 s compressed 60x, one tick per ms').toBeGreaterThanOrEqual(83)
    expect(halted.length).toBeLessThanOrEqual(84)
    expect(new Set(halted.map((t) => t.price)).size, 'the price is frozen while halted').toBe(1)
  })

  test('the total fall is about 5%', () => {
    const low = Math.min(...path.ticks.map((t) => t.price))
    expect(1 - low / 1128).toBeCloseTo(1 - 0.97 * 0.983, 6)
    expect(1 - low / 1128).toBeGreaterThan(0.045)
  })

  test('rejects a compression below real time', () => {
    expect(() => flashCrash2010({ compress: 0.5 })).toThrow(
      /compress = 0.5 is out of range; allowed: a finite number >= 1/,
    )
  })
})

describe('flashCrash2010 with a whipsaw', () => {
  test('swings up and back down after the halt, then recovers as before', () => {
    // compress 50: lead-in 1200 ms, fall to 6000, crash to 6300, halt to 6400, swings of 1200 ms.
    const market = flashCrash2010({
      compress: 50,
      volatilityPct: 0,
      tickMs: 1,
      whipsaw: { swings: 2, amplitudePct: 1, periodMs: 60_000 },
    })
    const path = market.build(1, Math.ceil(market.totalMs))
    const bottom = 1128 * 0.97 * 0.983
    expect(market.totalMs).toBe(44_800)
    expect(tickAt(path, 7_600).price, 'top of the first swing').toBeCloseTo(bottom * 1.01, 6)
    expect(tickAt(path, 8_800).price, 'back down').toBeCloseTo(bottom, 6)
    expect(tickAt(path, 44_800).price / 1128).toBeCloseTo(0.995, 6)
  })
})
