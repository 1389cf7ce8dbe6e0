import { describe, expect, test } from 'vitest'
import type { DecisionRequest } from '../scenario/risk-engine.js'
import { referenceGovernor } from './reference-governor.js'

const req = (side: 'buy' | 'sell', quantity: number, limitPrice = 100): DecisionRequest => ({
  id: `r-${side}-${quantity}`,
  strategy: 's',
  symbol: 'ES',
  side,
  quantity,
  limitPrice,
})

const tick = (price: number, tMs = 0) => ({ tMs, symbol: 'ES', price, depthPct: 100 })

describe('referenceGovernor', () => {
  test.each([
    ['inside the limit', 0, req('buy', 100), { verdict: 'approve' }],
    ['exactly at the limit', 0, req('buy', 1_000), { verdict: 'approve' }],
    [
      'crossing the limit: trimmed to what fits',
      900,
      req('buy', 200),
      { verdict: 'trim', quantity: 100, reason: 'position limit' },
    ],
    [
      'at the limit: rejected',
      1_000,
      req('buy', 1),
      { verdict: 'reject', reason: 'position limit' },
    ],
    ['reducing from the limit', 1_000, req('sell', 500), { verdict: 'approve' }],
    [
      'short side limit',
      -950,
      req('sell', 100),
      { verdict: 'trim', quantity: 50, reason: 'position limit' },
    ],
  ])('%s', (_, position, request, expected) => {
    // maxPositionUsd 100_000 at a limit price of 100 allows 1000 shares either way.
    const g = referenceGovernor({ maxPositionUsd: 100_000, maxDrawdownPct: 10 })
    if (position !== 0) {
      g.onFill?.({
        orderId: 'seed',
        symbol: 'ES',
        side: position > 0 ? 'buy' : 'sell',
        quantity: Math.abs(position),
        price: 100,
      })
    }
    expect(g.decide(request)).toEqual(expected)
  })

  test('the drawdown halt latches, flattens, and only lets risk-reducing orders through', () => {
    // capital 100_000, long 1000 @ 100. Halt at 5%: equity 95_000, i.e. price 95.
    const g = referenceGovernor({
      maxPositionUsd: 100_000,
      maxDrawdownPct: 10,
      capitalUsd: 100_000,
    })
    g.onFill?.({ orderId: 'o1', symbol: 'ES', side: 'buy', quantity: 1_000, price: 100 })
    expect(g.onTick?.(tick(96)), 'drawdown 4%: no action').toBeUndefined()
    expect(g.halted).toBe(false)
    expect(g.onTick?.(tick(95)), 'drawdown 5%: flatten').toEqual([
      { symbol: 'ES', side: 'sell', quantity: 1_000, reason: 'drawdown halt' },
    ])
    expect(g.halted).toBe(true)
    expect(g.drawdownPct).toBeCloseTo(5, 10)
    expect(g.decide(req('buy', 1, 95))).toEqual({
      verdict: 'reject',
      reason: 'halted: drawdown limit',
    })
    expect(g.decide(req('sell', 2_000, 95)), 'flipping short increases risk').toEqual({
      verdict: 'reject',
      reason: 'halted: drawdown limit',
    })
    expect(g.decide(req('sell', 400, 95))).toEqual({ verdict: 'approve' })
    expect(g.onTick?.(tick(120)), 'a rally does not re-arm it').toBeUndefined()
    expect(g.halted).toBe(true)
  })

  test('flattenAll closes every open position', () => {
    const g = referenceGovernor({ maxPositionUsd: 1e6, maxDrawdownPct: 10 })
    g.onFill?.({ orderId: 'a', symbol: 'ES', side: 'buy', quantity: 30, price: 100 })
    g.onFill?.({ orderId: 'b', symbol: 'NQ', side: 'sell', quantity: 12, price: 100 })
    g.onFill?.({ orderId: 'c', symbol: 'ES', side: 'sell', quantity: 10, price: 100 })
    expect(g.flattenAll?.()).toEqual([
      { symbol: 'ES', side: 'sell', quantity: 20, reason: 'end of run' },
      { symbol: 'NQ', side: 'buy', quantity: 12, reason: 'end of run' },
    ])
  })

  test('bad limits are a clear error', () => {
    expect(() => referenceGovernor({ maxPositionUsd: 0, maxDrawdownPct: 15 })).toThrow(
      /maxPositionUsd must be a number > 0, got 0/,
    )
  })
})

describe('referenceGovernor valuation', () => {
  test('a sell is valued at the mid, not at its lower limit, so a short cannot fill past the limit', () => {
    // 100_000 USD at a mid of 100 is 1000 shares; valued at the 99.5 limit it would be 1005.
    const g = referenceGovernor({ maxPositionUsd: 100_000, maxDrawdownPct: 10 })
    g.onTick?.({ tMs: 0, symbol: 'ES', price: 100, depthPct: 100 })
    g.onFill?.({ orderId: 'seed', symbol: 'ES', side: 'sell', quantity: 990, price: 100 })
    expect(g.decide(req('sell', 10, 99.5))).toEqual({ verdict: 'approve' })
    expect(g.decide(req('sell', 15, 99.5))).toEqual({
      verdict: 'trim',
      quantity: 10,
      reason: 'position limit',
    })
  })
})
