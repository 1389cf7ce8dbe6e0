import { describe, expect, test } from 'vitest'
import { almgrenChriss, squareRootImpact } from './impact.js'
import { bookDepth, walkBook } from './order-book.js'

describe('bookDepth', () => {
  test('size decays exponentially from the touch and scales with depth', () => {
    const ask = bookDepth(
      { side: 'ask', mid: 100, depthPct: 100 },
      { touchSize: 400, decay: 2, levels: 3, tickSize: 0.5 },
    )
    expect(ask.levels.map((l) => l.price)).toEqual([100.25, 100.75, 101.25])
    expect(ask.levels[0]?.size).toBe(400)
    expect(ask.levels[2]?.size).toBeCloseTo(400 * Math.exp(-1), 12)
    const thin = bookDepth(
      { side: 'bid', mid: 100, depthPct: 1 },
      { touchSize: 400, decay: 2, levels: 3, tickSize: 0.5 },
    )
    expect(thin.levels[0]).toEqual({ price: 99.75, size: 4 })
  })
})

describe('walkBook', () => {
  test('average price worsens as the order walks deeper; what does not fit is left', () => {
    const levels = [
      { price: 100, size: 10 },
      { price: 101, size: 10 },
    ]
    expect(walkBook(levels, 5)).toEqual({ filled: 5, averagePrice: 100, unfilled: 0 })
    const deeper = walkBook(levels, 15)
    expect(deeper.averagePrice).toBeCloseTo((10 * 100 + 5 * 101) / 15, 12)
    expect(walkBook(levels, 25)).toEqual({ filled: 20, averagePrice: 100.5, unfilled: 5 })
    expect(walkBook([], 1).averagePrice).toBeNaN()
  })

  test('slippage grows as depth falls', () => {
    const walkAt = (depthPct: number) =>
      walkBook(bookDepth({ side: 'ask', mid: 100, depthPct }, { levels: 50 }).levels, 100)
        .averagePrice - 100
    expect(walkAt(100), '100 shares fit at the touch').toBe(0.125)
    expect(walkAt(10)).toBeGreaterThan(walkAt(100))
    expect(walkAt(1)).toBeGreaterThan(walkAt(10))
  })
})

describe('impact formulas', () => {
  test('square-root law: Y sigma sqrt(Q/V)', () => {
    expect(
      squareRootImpact({ y: 1, dailyVolatility: 0.02, quantity: 10_000, dailyVolume: 1_000_000 }),
    ).toBeCloseTo(0.002, 15)
    expect(
      squareRootImpact({
        y: 0.5,
        dailyVolatility: 0.016,
        quantity: 40_000,
        dailyVolume: 1_000_000,
      }),
    ).toBeCloseTo(0.0016, 15)
    expect(() =>
      squareRootImpact({ y: 1, dailyVolatility: 0.02, quantity: 1, dailyVolume: 0 }),
    ).toThrow(/dailyVolume must be > 0, got 0/)
  })

  test('Almgren-Chriss: temporary epsilon sgn(v) + eta v, permanent gamma v tau', () => {
    // The paper's example: epsilon = 1/16, eta = 2.5e-6, gamma = 2.5e-7.
    const params = { epsilon: 0.0625, eta: 2.5e-6, gamma: 2.5e-7 }
    const buy = almgrenChriss(params, 10_000, 1)
    expect(buy.temporary).toBeCloseTo(0.0875, 15)
    expect(buy.permanent).toBeCloseTo(0.0025, 15)
    const sell = almgrenChriss(params, -20_000, 0.5)
    expect(sell.temporary).toBeCloseTo(-0.1125, 15)
    expect(sell.permanent).toBeCloseTo(-0.0025, 15)
  })
})
