import { describe, expect, test } from 'vitest'
import { fillPrice } from './slippage.js'

describe('fillPrice', () => {
  test('pays half the spread at normal depth', () => {
    expect(fillPrice({ side: 'buy', mid: 100, depthPct: 100 })).toBeCloseTo(100.01, 12)
    expect(fillPrice({ side: 'sell', mid: 100, depthPct: 100 })).toBeCloseTo(99.99, 12)
  })

  test('the spread widens with 1/sqrt(depth): 10x at 1% depth', () => {
    expect(fillPrice({ side: 'buy', mid: 100, depthPct: 1 })).toBeCloseTo(100.1, 12)
    expect(fillPrice({ side: 'sell', mid: 100, depthPct: 25 }, { baseSpreadBps: 4 })).toBeCloseTo(
      99.96,
      12,
    )
  })
})
