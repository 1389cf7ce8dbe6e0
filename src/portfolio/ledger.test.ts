import { describe, expect, test } from 'vitest'
import { Ledger } from './ledger.js'

const fill = (side: 'buy' | 'sell', quantity: number, price: number, orderId = 'o') => ({
  orderId,
  symbol: 'ES',
  side,
  quantity,
  price,
})

describe('Ledger', () => {
  test('position, cash, PnL and drawdown from known fills and marks', () => {
    const ledger = new Ledger(10_000)
    ledger.applyFill(fill('buy', 100, 100), 0)
    ledger.mark({ tMs: 10, symbol: 'ES', price: 90, depthPct: 100 })
    expect(ledger.equity(), 'equity after a 10% fall').toBe(9_000)
    ledger.mark({ tMs: 20, symbol: 'ES', price: 105, depthPct: 100 })
    ledger.applyFill(fill('sell', 100, 105), 20)
    const s = ledger.summary()
    expect(s.maxDrawdownPct, 'drawdown from 10_000 to 9_000').toBe(10)
    expect(s.pnlUsd).toBe(500)
    expect(s.finalPositions).toEqual({ ES: 0 })
    expect(s.fills).toBe(2)
    expect(s.peakPositionUsd).toBe(10_000)
  })

  test('a fill beyond the position limit is a breach; one at the limit is not', () => {
    const ledger = new Ledger(1e6, { maxPositionUsd: 10_000 })
    expect(ledger.applyFill(fill('buy', 100, 100, 'at'), 5)).toBeUndefined()
    expect(ledger.applyFill(fill('buy', 1, 100, 'over'), 6)).toEqual({
      orderId: 'over',
      symbol: 'ES',
      limit: 'maxPositionUsd',
      limitValue: 10_000,
      actualValue: 10_100,
      tMs: 6,
    })
  })
})
