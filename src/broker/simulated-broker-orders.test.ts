import { describe, expect, test } from 'vitest'
import type { Side } from '../contract/trading.js'
import { BrokerSpecError } from './broker-error.js'
import { constantLatency } from './latency.js'
import { order, setup } from './simulated-broker-fixture.js'

describe('simulatedBroker: rejects', () => {
  test('rule-based rejects at the entry latency, with the reason and the bad value', () => {
    const { scheduler, broker, events } = setup({
      symbols: ['ES', 'NQ'],
      entryLatency: constantLatency(4),
    })
    broker.submit(order('zero', 0))
    broker.submit(order('negative', -5))
    broker.submit(order('fraction', 1.5))
    broker.submit(order('nan', Number.NaN))
    broker.submit({ ...order('limit'), limitPrice: 0 })
    broker.submit({ ...order('symbol'), symbol: 'XX' })
    scheduler.runUntil(100)
    expect(events.map((e) => e.type === 'reject' && [e.clientOrderId, e.reason, e.atMs])).toEqual([
      ['zero', 'invalid_quantity', 4],
      ['negative', 'invalid_quantity', 4],
      ['fraction', 'invalid_quantity', 4],
      ['nan', 'invalid_quantity', 4],
      ['limit', 'invalid_limit_price', 4],
      ['symbol', 'unknown_symbol', 4],
    ])
    const messages = events.map((e) => (e.type === 'reject' ? e.message : ''))
    expect(messages[1]).toMatch(
      /quantity = -5 is not allowed; allowed: a whole number of shares > 0/,
    )
    expect(messages[4]).toMatch(/limitPrice = 0 is not allowed/)
    expect(messages[5]).toMatch(/symbol = "XX" is not traded here; allowed: ES, NQ/)
  })

  test('random rejects happen at rejectProbability (statistical tolerance)', () => {
    const { scheduler, broker, events } = setup({ rejectProbability: 0.1 })
    const n = 10_000
    for (let i = 0; i < n; i++) broker.submit(order(`o-${i}`))
    scheduler.runUntil(100)
    const rejected = events.filter((e) => e.type === 'reject')
    // binomial(10_000, 0.1): sd = 30; 4 sd
    expect(Math.abs(rejected.length - 1_000), `rejects: ${rejected.length}`).toBeLessThan(120)
    expect(new Set(rejected.map((e) => e.type === 'reject' && e.reason))).toEqual(
      new Set(['venue_reject']),
    )
    const acked = events.filter((e) => e.type === 'ack').length
    expect(acked + rejected.length, 'every order is either acked or rejected').toBe(n)
    expect(events.filter((e) => e.type === 'fill').length, 'only acked orders fill').toBe(acked)
  })

  test('rejectProbability 1 rejects everything, 0 nothing', () => {
    const all = setup({ rejectProbability: 1 })
    const none = setup({ rejectProbability: 0 })
    for (let i = 0; i < 100; i++) {
      all.broker.submit(order(`o-${i}`))
      none.broker.submit(order(`o-${i}`))
    }
    all.scheduler.runUntil(10)
    none.scheduler.runUntil(10)
    expect(all.events.filter((e) => e.type === 'reject').length).toBe(100)
    expect(none.events.filter((e) => e.type === 'reject').length).toBe(0)
  })

  test('a malformed request throws at once with the field and the fix', () => {
    const { broker } = setup()
    expect(() => broker.submit(order(''))).toThrow(BrokerSpecError)
    expect(() => broker.submit(order(''))).toThrow(/clientOrderId = "" is not valid/)
    expect(() => broker.submit({ ...order('x'), side: 'hold' as Side })).toThrow(
      /side = "hold" is not valid; allowed: 'buy' or 'sell'/,
    )
  })
})

describe('simulatedBroker: cancels', () => {
  test('cancel stops a working order after the entry latency; no fill follows', () => {
    const { scheduler, broker, events } = setup({
      entryLatency: constantLatency(1),
      fillLatency: constantLatency(100),
    })
    broker.submit(order('o-1'))
    scheduler.runUntil(5)
    expect(broker.cancel('o-1')).toEqual({ status: 'sent' })
    scheduler.runUntil(1_000)
    expect(events.map((e) => `${e.type}@${e.atMs}`)).toEqual(['ack@1', 'cancelled@6'])
    expect(events[1]).toMatchObject({
      clientOrderId: 'o-1',
      reason: 'client',
      filledQuantity: 0,
      cancelledQuantity: 100,
    })
  })

  test('a cancel sent before the ack lands after it', () => {
    const { scheduler, broker, events } = setup({ entryLatency: constantLatency(10) })
    broker.submit(order('o-1'))
    broker.cancel('o-1') // would land at 10 too, but after the ack
    scheduler.runUntil(100)
    expect(events.map((e) => `${e.type}@${e.atMs}`)).toEqual(['ack@10', 'cancelled@10'])
  })

  test('cancelling a partly filled order reports what filled and what was cancelled', () => {
    const { scheduler, broker, events, fills } = setup({
      partialFills: { maxExecutions: 5, interval: constantLatency(10) },
    })
    broker.submit(order('o-1', 1_000))
    scheduler.runUntil(2)
    expect(fills('o-1').length, 'first execution at 2').toBe(1)
    broker.cancel('o-1')
    scheduler.runUntil(100)
    const filled = fills('o-1').reduce((sum, f) => sum + f.quantity, 0)
    const cancelled = events.find((e) => e.type === 'cancelled')
    expect(cancelled).toMatchObject({
      atMs: 3,
      filledQuantity: filled,
      cancelledQuantity: 1_000 - filled,
    })
    expect(filled).toBeLessThan(1_000)
  })

  test('too late: a cancel after the fill is rejected; an unknown id is refused at once', () => {
    const { scheduler, broker, events } = setup()
    broker.submit(order('o-1'))
    scheduler.runUntil(10)
    broker.cancel('o-1')
    scheduler.runUntil(20)
    expect(events.map((e) => e.type)).toEqual(['ack', 'fill', 'cancel_rejected'])
    expect(events[2]).toMatchObject({ clientOrderId: 'o-1', reason: 'too_late', atMs: 11 })
    expect(broker.cancel('nope')).toEqual({ status: 'unknown_order' })
  })

  test('cancelAll cancels every working order with one message', () => {
    const { scheduler, broker, events } = setup({ fillLatency: constantLatency(50) })
    broker.submit(order('a'))
    broker.submit(order('b'))
    broker.submit(order('c', 0)) // rejected: not cancelled, no cancel reject either
    scheduler.runUntil(5)
    expect(broker.workingOrders().map((o) => o.clientOrderId)).toEqual(['a', 'b'])
    expect(broker.cancelAll()).toEqual({ status: 'sent' })
    scheduler.runUntil(100)
    expect(
      events.filter((e) => e.type === 'cancelled').map((e) => `${e.clientOrderId}@${e.atMs}`),
    ).toEqual(['a@6', 'b@6'])
    expect(events.some((e) => e.type === 'fill' || e.type === 'cancel_rejected')).toBe(false)
    expect(broker.workingOrders()).toEqual([])
  })
})
