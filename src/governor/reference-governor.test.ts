import { describe, expect, test } from 'vitest'
import { VirtualClock } from '../common/clock.js'
import type { DecisionRequest } from '../contract/trading.js'
import { type ReferenceGovernorOptions, referenceGovernor } from './reference-governor.js'

let seq = 0
const req = (
  side: 'buy' | 'sell',
  quantity: number,
  limitPrice = 100,
  symbol = 'ES',
): DecisionRequest => ({
  id: `r${seq++}`,
  strategy: 's',
  symbol,
  side,
  quantity,
  limitPrice,
})
const tick = (price: number, symbol = 'ES') => ({ tMs: 0, symbol, price, depthPct: 100 })
const fill = (side: 'buy' | 'sell', quantity: number, price = 100, symbol = 'ES') => ({
  orderId: `seed${seq++}`,
  symbol,
  side,
  quantity,
  price,
})

// Every case: a fresh governor with maxPositionUsd 100_000 (1000 shares at 100), mid 100.
const base: ReferenceGovernorOptions = { maxPositionUsd: 100_000, maxDrawdownPct: 10 }

describe('referenceGovernor controls', () => {
  test.each([
    ['inside every limit', {}, 0, req('buy', 100), { verdict: 'approve' }],
    ['exactly at the position limit', {}, 0, req('buy', 1_000), { verdict: 'approve' }],
    [
      'crossing the position limit: trimmed to what fits',
      {},
      900,
      req('buy', 200),
      { verdict: 'trim', quantity: 100, reason: 'position_limit: position limit 100000 USD' },
    ],
    [
      'at the position limit: rejected',
      {},
      1_000,
      req('buy', 1),
      { verdict: 'reject', reason: 'position_limit: position limit 100000 USD' },
    ],
    ['reducing from the limit', {}, 1_000, req('sell', 500), { verdict: 'approve' }],
    [
      'short side of the limit',
      {},
      -950,
      req('sell', 100),
      { verdict: 'trim', quantity: 50, reason: 'position_limit: position limit 100000 USD' },
    ],
    [
      'order quantity above the maximum',
      { maxOrderQuantity: 50 },
      0,
      req('buy', 51),
      { verdict: 'reject', reason: 'max_order_quantity: quantity 51 > 50' },
    ],
    [
      'order quantity at the maximum',
      { maxOrderQuantity: 50 },
      0,
      req('buy', 50),
      { verdict: 'approve' },
    ],
    [
      'order notional above the maximum',
      { maxOrderNotionalUsd: 5_000 },
      0,
      req('buy', 51),
      { verdict: 'reject', reason: 'max_order_notional: notional 5100.00 > 5000' },
    ],
    [
      'limit outside the price collar',
      { priceCollarBps: 100 },
      0,
      req('buy', 10, 101.5),
      {
        verdict: 'reject',
        reason: 'price_collar: limit 101.5 is 150.0 bps from 100 (collar 100 bps)',
      },
    ],
    [
      'limit inside the price collar',
      { priceCollarBps: 100 },
      0,
      req('sell', 10, 99.5),
      { verdict: 'approve' },
    ],
    [
      'restricted symbol',
      { restricted: ['ES'] },
      0,
      req('buy', 1),
      { verdict: 'reject', reason: 'restricted_list: ES is restricted' },
    ],
    [
      'gross exposure past the limit',
      { maxGrossUsd: 150_000 },
      1_000,
      req('buy', 600, 100, 'NQ'),
      { verdict: 'reject', reason: 'gross_limit: gross exposure 160000.00 > 150000 USD' },
    ],
    [
      'gross exposure within the limit',
      { maxGrossUsd: 150_000 },
      1_000,
      req('buy', 500, 100, 'NQ'),
      { verdict: 'approve' },
    ],
  ] as const)('%s', (_, extra, position, request, expected) => {
    const g = referenceGovernor({ ...base, ...extra })
    g.onTick?.(tick(100))
    g.onTick?.(tick(100, 'NQ'))
    if (position !== 0) g.onFill?.(fill(position > 0 ? 'buy' : 'sell', Math.abs(position)))
    expect(g.decide(request)).toEqual(expected)
  })

  test('a duplicate order id is refused, even if the first was refused too', () => {
    const g = referenceGovernor({ ...base, maxOrderQuantity: 10 })
    g.onTick?.(tick(100))
    const first = { ...req('buy', 20), id: 'same' }
    expect(g.decide(first).verdict).toBe('reject')
    expect(g.decide({ ...first, quantity: 5 })).toEqual({
      verdict: 'reject',
      reason: 'duplicate_order_id: order id same was already used',
    })
  })

  test('no reference price: the collar refuses rather than guess', () => {
    const g = referenceGovernor({ ...base, priceCollarBps: 50 })
    expect(g.decide(req('buy', 1))).toEqual({
      verdict: 'reject',
      reason: 'price_collar: no reference price for ES',
    })
  })

  test('working orders count against the position limit until they fill or close', () => {
    const g = referenceGovernor(base)
    g.onTick?.(tick(100))
    const a = req('buy', 700)
    expect(g.decide(a)).toEqual({ verdict: 'approve' })
    expect(g.decide(req('buy', 500))).toEqual({
      verdict: 'trim',
      quantity: 300,
      reason: 'position_limit: position limit 100000 USD',
    })
    expect(g.openOrderIds()).toHaveLength(2)
    g.onOrderClosed(a.id)
    expect(g.decide(req('buy', 700))).toEqual({ verdict: 'approve' })
  })

  test('the throttle denies the excess without queueing: received = approved + trimmed + denied', () => {
    const clock = new VirtualClock()
    const g = referenceGovernor({ ...base, throttle: { max: 3, windowMs: 1_000 }, clock })
    g.onTick?.(tick(100))
    const verdicts = Array.from({ length: 5 }, () => g.decide(req('buy', 1)).verdict)
    expect(verdicts).toEqual(['approve', 'approve', 'approve', 'reject', 'reject'])
    clock.advance(999)
    expect(g.decide(req('buy', 1)).verdict, 'still inside the window').toBe('reject')
    clock.advance(1)
    expect(g.decide(req('buy', 1)).verdict, 'the first three left the window').toBe('approve')
    const s = g.stats
    expect(s).toEqual({ received: 7, approved: 4, trimmed: 0, denied: { submit_throttle: 3 } })
    expect(s.received).toBe(
      s.approved + s.trimmed + Object.values(s.denied).reduce((a, b) => a + b, 0),
    )
  })
})

describe('referenceGovernor states and loss limits', () => {
  test('PAUSED refuses everything, REDUCING only risk-reducing orders, ACTIVE resumes', () => {
    const g = referenceGovernor(base)
    g.onTick?.(tick(100))
    g.onFill?.(fill('buy', 100))
    g.setState('PAUSED')
    expect(g.decide(req('sell', 10))).toEqual({
      verdict: 'reject',
      reason: 'trading_state: state PAUSED',
    })
    g.setState('REDUCING')
    expect(g.decide(req('buy', 10)).verdict).toBe('reject')
    expect(g.decide(req('sell', 200)).verdict, 'flipping short is not reducing').toBe('reject')
    expect(g.decide(req('sell', 100)).verdict).toBe('approve')
    g.setState('ACTIVE')
    expect(g.decide(req('buy', 10)).verdict).toBe('approve')
  })

  test('the drawdown halt latches, flattens reduce-only, and needs a rearm', () => {
    // capital 100_000, long 1000 @ 100. Halt at 5%: equity 95_000, i.e. price 95.
    const g = referenceGovernor({ ...base, capitalUsd: 100_000 })
    g.onFill?.(fill('buy', 1_000))
    expect(g.onTick?.(tick(96)), 'drawdown 4%: no action').toBeUndefined()
    expect(g.onTick?.(tick(95))).toEqual([
      {
        symbol: 'ES',
        side: 'sell',
        quantity: 1_000,
        reason: 'drawdown 5.00% >= 5%',
        reduceOnly: true,
      },
    ])
    expect(g.state).toBe('HALTED')
    expect(g.decide(req('sell', 10, 95))).toEqual({
      verdict: 'reject',
      reason: 'trading_state: state HALTED',
    })
    g.setState('ACTIVE')
    expect(g.state, 'setState cannot leave a latched halt').toBe('HALTED')
    expect(g.onTick?.(tick(120)), 'a rally does not re-arm it').toBeUndefined()
    g.rearm()
    expect(g.state).toBe('ACTIVE')
    expect(g.decide(req('sell', 10, 120)).verdict).toBe('approve')
  })

  test('the daily loss limit halts on equity lost since the start', () => {
    const g = referenceGovernor({
      ...base,
      capitalUsd: 100_000,
      maxDrawdownPct: 90,
      maxDailyLossUsd: 2_000,
    })
    g.onFill?.(fill('buy', 1_000))
    expect(g.onTick?.(tick(98.5))).toBeUndefined()
    expect(g.onTick?.(tick(98))?.[0]?.reason).toBe('daily loss 2000.00 >= 2000 USD')
    expect(g.haltReason).toBe('daily loss 2000.00 >= 2000 USD')
  })

  test('the kill switch cancels working orders, halts, and flattens', () => {
    const g = referenceGovernor(base)
    g.onTick?.(tick(100))
    g.onFill?.(fill('sell', 300))
    const working = req('buy', 50)
    g.decide(working)
    expect(g.killSwitch('operator')).toEqual({
      cancel: [working.id],
      flatten: [
        {
          symbol: 'ES',
          side: 'buy',
          quantity: 300,
          reason: 'kill switch: operator',
          reduceOnly: true,
        },
      ],
    })
    expect(g.openOrderIds(), 'still counted until the venue confirms the cancel').toEqual([
      working.id,
    ])
    g.onOrderClosed(working.id)
    expect(g.openOrderIds()).toEqual([])
    expect(g.takeActions(), 'queued for the harness too').toEqual({
      cancel: [working.id],
      orders: [
        {
          symbol: 'ES',
          side: 'buy',
          quantity: 300,
          reason: 'kill switch: operator',
          reduceOnly: true,
        },
      ],
    })
    expect(g.state).toBe('HALTED')
  })

  test('a lost link pauses; its restoration flattens what is held and resumes, unless a flag still holds the pause', () => {
    const g = referenceGovernor(base)
    g.onTick?.(tick(100))
    g.onFill?.(fill('buy', 40))
    const w = req('buy', 10)
    g.decide(w)
    g.onLinkChange('down')
    expect(g.state).toBe('PAUSED')
    expect(g.takeActions()).toEqual({ cancel: [w.id], orders: [] })
    g.pauseByFlag(true, 'operator')
    g.onLinkChange('up')
    expect(g.state, 'the operator pause still holds').toBe('PAUSED')
    expect(g.takeActions().orders).toEqual([
      { symbol: 'ES', side: 'sell', quantity: 40, reason: 'broker link down', reduceOnly: true },
    ])
    g.pauseByFlag(false)
    expect(g.state).toBe('ACTIVE')
    expect(g.stateLog().map((s) => [s.state, s.reason])).toEqual([
      ['PAUSED', 'broker link down'],
      ['ACTIVE', 'governor.pause cleared'],
    ])
  })

  test('cancel-on-disconnect pauses and hands back every working order', () => {
    const g = referenceGovernor(base)
    g.onTick?.(tick(100))
    const a = req('buy', 10)
    const b = req('sell', 5)
    g.decide(a)
    g.decide(b)
    expect(g.onDisconnect()).toEqual([a.id, b.id])
    expect(g.state).toBe('PAUSED')
  })

  test('a sell is valued at the mid, not at its lower limit, so a short cannot fill past the limit', () => {
    // 100_000 USD at a mid of 100 is 1000 shares; valued at the 99.5 limit it would be 1005.
    const g = referenceGovernor(base)
    g.onTick?.(tick(100))
    g.onFill?.(fill('sell', 990))
    expect(g.decide(req('sell', 10, 99.5))).toEqual({ verdict: 'approve' })
    g.onFill?.(fill('sell', 0))
    expect(g.decide(req('sell', 15, 99.5)).verdict).toBe('reject')
  })

  test('flattenAll closes every open position', () => {
    const g = referenceGovernor({ maxPositionUsd: 1e6, maxDrawdownPct: 10 })
    g.onFill?.(fill('buy', 30))
    g.onFill?.(fill('sell', 12, 100, 'NQ'))
    g.onFill?.(fill('sell', 10))
    expect(g.flattenAll?.()).toEqual([
      { symbol: 'ES', side: 'sell', quantity: 20, reason: 'end of run', reduceOnly: true },
      { symbol: 'NQ', side: 'buy', quantity: 12, reason: 'end of run', reduceOnly: true },
    ])
  })

  test.each([
    [{ maxPositionUsd: 0, maxDrawdownPct: 15 }, /maxPositionUsd must be a number > 0, got 0/],
    [
      { maxPositionUsd: 1, maxDrawdownPct: 15, priceCollarBps: -5 },
      /priceCollarBps must be a number > 0, got -5/,
    ],
  ])('bad options are a clear error: %o', (options, message) => {
    expect(() => referenceGovernor(options)).toThrow(message)
  })
})
