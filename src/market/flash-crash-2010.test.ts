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
