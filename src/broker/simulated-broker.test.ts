import { describe, expect, test } from 'vitest'
import type { Side } from '../scenario/risk-engine.js'
import { BrokerSpecError } from './broker-error.js'
import { type BrokerEvent, type FillEvent, toFill } from './broker-events.js'
import type { SimulatedBrokerOptions } from './broker-options.js'
import { RealTimeScheduler, VirtualScheduler } from './event-scheduler.js'
import { constantLatency, lognormalLatency, uniformLatency } from './latency.js'
import { simulatedBroker } from './simulated-broker.js'

function setup(options: Partial<SimulatedBrokerOptions> = {}) {
  const scheduler = new VirtualScheduler()
  const broker = simulatedBroker({ scheduler, seed: 42, marketPrice: () => 100, ...options })
  const events: BrokerEvent[] = []
  broker.subscribe((event) => events.push(event))
  const fills = (id?: string) =>
    events.filter(
      (e): e is FillEvent => e.type === 'fill' && (id === undefined || e.clientOrderId === id),
    )
  return { scheduler, broker, events, fills }
}

const order = (clientOrderId: string, quantity = 100, side: Side = 'buy') => ({
  clientOrderId,
  symbol: 'ES',
  side,
  quantity,
})

describe('simulatedBroker: timing and fills', () => {
  test('acks at exactly the entry latency and fills at ack + fill latency', () => {
    const { scheduler, broker, events } = setup({
      entryLatency: constantLatency(3),
      fillLatency: constantLatency(7),
      marketPrice: (_symbol, _side, tMs) => 100 + tMs / 100,
    })
    scheduler.runUntil(10)
    expect(broker.submit(order('o-1'))).toEqual({ status: 'sent' })
    scheduler.runUntil(12.999)
    expect(events, 'nothing before the entry latency').toEqual([])
    scheduler.runUntil(13)
    expect(events.map((e) => `${e.type}@${e.atMs}`)).toEqual(['ack@13'])
    scheduler.runUntil(100)
    expect(events).toEqual([
      {
        type: 'ack',
        atMs: 13,
        replayed: false,
        clientOrderId: 'o-1',
        venueOrderId: 'V1',
        symbol: 'ES',
        side: 'buy',
        quantity: 100,
        limitPrice: undefined,
      },
      {
        type: 'fill',
        atMs: 20,
        replayed: false,
        clientOrderId: 'o-1',
        venueOrderId: 'V1',
        fillId: 'V1-1',
        symbol: 'ES',
        side: 'buy',
        quantity: 100,
        price: 100.2,
        fee: 0,
        cumulativeQuantity: 100,
        leavesQuantity: 0,
      },
    ])
    expect(broker.workingOrders()).toEqual([])
  })

  test('with random latencies, each order still fills at its ack time + its fill latency', () => {
    const { scheduler, broker, events } = setup({
      entryLatency: uniformLatency(1, 5),
      fillLatency: constantLatency(2),
    })
    for (let i = 0; i < 50; i++) broker.submit(order(`o-${i}`))
    scheduler.runUntil(100)
    for (let i = 0; i < 50; i++) {
      const mine = events.filter((e) => 'clientOrderId' in e && e.clientOrderId === `o-${i}`)
      const [ack, fill] = mine
      expect(mine.map((e) => e.type)).toEqual(['ack', 'fill'])
      expect(ack?.atMs).toBeGreaterThanOrEqual(1)
      expect(ack?.atMs).toBeLessThanOrEqual(5)
      expect(fill?.atMs, `fill of o-${i}`).toBe((ack?.atMs ?? 0) + 2)
    }
  })

  test('asks the market for the price of the symbol and side at the execution time', () => {
    const calls: unknown[] = []
    const { scheduler, broker, fills } = setup({
      marketPrice: (symbol, side, tMs) => {
        calls.push([symbol, side, tMs])
        return side === 'buy' ? 101 : 99
      },
    })
    broker.submit(order('b', 10, 'buy'))
    broker.submit({ ...order('s', 10, 'sell'), symbol: 'NQ' })
    scheduler.runUntil(10)
    expect(calls).toEqual([
      ['ES', 'buy', 2],
      ['NQ', 'sell', 2],
    ])
    expect(fills().map((f) => f.price)).toEqual([101, 99])
    expect(toFill(fills()[0] as FillEvent)).toEqual({
      orderId: 'b',
      symbol: 'ES',
      side: 'buy',
      quantity: 10,
      price: 101,
    })
  })

  test('charges exact fees on each execution', () => {
    const { scheduler, broker, fills } = setup({
      marketPrice: () => 50.25,
      fees: { perShare: 0.005, bps: 0.2 },
    })
    broker.submit(order('o-1', 100))
    scheduler.runUntil(10)
    expect(fills()[0]?.fee, '0.5 per share + 0.1005 of notional').toBe(0.6005)
  })

  test('partial fills: seeded executions that sum exactly to the order, spaced by the interval', () => {
    const { scheduler, broker, fills } = setup({
      partialFills: { maxExecutions: 5, interval: constantLatency(2) },
      fees: { perShare: 0.01 },
    })
    const counts = new Set<number>()
    for (let i = 0; i < 200; i++) broker.submit(order(`o-${i}`, 1 + ((i * 37) % 1_000)))
    scheduler.runUntil(1_000)
    for (let i = 0; i < 200; i++) {
      const quantity = 1 + ((i * 37) % 1_000)
      const mine = fills(`o-${i}`)
      counts.add(mine.length)
      expect(
        mine.reduce((sum, f) => sum + f.quantity, 0),
        `sum of o-${i}`,
      ).toBe(quantity)
      expect(mine.at(-1)?.leavesQuantity).toBe(0)
      mine.forEach((f, k) => {
        expect(f.fillId).toBe(`V${i + 1}-${k + 1}`)
        expect(f.atMs, 'ack at 1, first fill at 2, then every 2 ms').toBe(2 + 2 * k)
        expect(f.leavesQuantity).toBe(quantity - f.cumulativeQuantity)
      })
    }
    expect([...counts].sort(), 'between 2 and 5 executions (1 for a single share)').toEqual([
      1, 2, 3, 4, 5,
    ])
    expect(new Set(fills().map((f) => f.fillId)).size, 'fill ids are unique').toBe(fills().length)
    const total = fills().reduce((sum, f) => sum + f.quantity, 0)
    const fee = fills().reduce((sum, f) => sum + f.fee * 100, 0)
    expect(Math.round(fee), 'per-share fees add up to 1 cent per share').toBe(total)
  })

  test('partialFills.probability splits only some orders', () => {
    const { scheduler, broker, fills } = setup({
      partialFills: { maxExecutions: 3, probability: 0.3 },
    })
    for (let i = 0; i < 1_000; i++) broker.submit(order(`o-${i}`, 100))
    scheduler.runUntil(100)
    const perOrder = new Map<string, number>()
    for (const f of fills()) perOrder.set(f.clientOrderId, (perOrder.get(f.clientOrderId) ?? 0) + 1)
    const split = [...perOrder.values()].filter((n) => n > 1).length
    expect(perOrder.size, 'every order filled').toBe(1_000)
    // binomial(1000, 0.3): sd ~ 14.5; 4 sd
    expect(Math.abs(split - 300), `split orders: ${split}`).toBeLessThan(58)
  })

  test('a limit order rests until the market reaches its price, re-checked every limitRecheckMs', () => {
    const { scheduler, broker, fills, events } = setup({
      marketPrice: (_s, _side, tMs) => (tMs < 50 ? 100 : 98),
      limitRecheckMs: 10,
    })
    broker.submit({ ...order('buy-99'), limitPrice: 99 })
    broker.submit({ ...order('sell-99', 100, 'sell'), limitPrice: 99 })
    scheduler.runUntil(40)
    expect(
      fills().map((f) => f.clientOrderId),
      'the sell is marketable at 100',
    ).toEqual(['sell-99'])
    expect(broker.workingOrders().map((o) => [o.clientOrderId, o.status])).toEqual([
      ['buy-99', 'working'],
    ])
    scheduler.runUntil(100)
    const buy = fills('buy-99')
    expect(
      buy.map((f) => [f.atMs, f.price]),
      'first check at 2, then 12..52',
    ).toEqual([[52, 98]])
    expect(events.filter((e) => e.type === 'ack').length).toBe(2)
  })

  test('a market price that is not a finite positive number is a clear error', () => {
    const { scheduler, broker } = setup({ marketPrice: () => Number.NaN })
    broker.submit(order('o-1'))
    expect(() => scheduler.runUntil(10)).toThrow(BrokerSpecError)
    expect(() => setupAndRun(() => -1)).toThrow(
      /marketPrice\("ES", 'buy', 2\) returned -1; allowed: a finite price > 0/,
    )
  })
})

function setupAndRun(marketPrice: () => number): void {
  const { scheduler, broker } = setup({ marketPrice })
  broker.submit(order('o-1'))
  scheduler.runUntil(10)
}

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

describe('simulatedBroker: determinism', () => {
  const run = (seed: number) => {
    const { scheduler, broker, events } = setup({
      seed,
      entryLatency: lognormalLatency({ medianMs: 1, p99Ms: 6 }),
      fillLatency: uniformLatency(0.5, 3),
      rejectProbability: 0.2,
      partialFills: { maxExecutions: 4, probability: 0.5, interval: uniformLatency(1, 2) },
      fees: { perShare: 0.005, bps: 0.2 },
      marketPrice: (_s, side, tMs) => (side === 'buy' ? 100.01 : 99.99) + tMs / 1_000,
    })
    for (let i = 0; i < 200; i++) {
      scheduler.at(i * 0.5, () => broker.submit(order(`o-${i}`, 1 + i, i % 3 ? 'buy' : 'sell')))
    }
    scheduler.at(40, () => broker.cancel('o-150'))
    scheduler.runUntil(1_000)
    return events
  }

  test('same seed, same event log; different seed, different log', () => {
    const a = run(42)
    expect(a.length).toBeGreaterThan(400)
    expect(run(42)).toEqual(a)
    expect(run(43)).not.toEqual(a)
  })
})

describe('simulatedBroker in real time', () => {
  test('runs on a RealTimeScheduler: ack, then partial fills, then done', async () => {
    using scheduler = new RealTimeScheduler()
    const broker = simulatedBroker({
      scheduler,
      seed: 1,
      marketPrice: () => 100,
      entryLatency: constantLatency(1),
      fillLatency: constantLatency(2),
      partialFills: { maxExecutions: 3, interval: constantLatency(1) },
    })
    const events: BrokerEvent[] = []
    const done = new Promise<void>((resolve) =>
      broker.subscribe((event) => {
        events.push(event)
        if (event.type === 'fill' && event.leavesQuantity === 0) resolve()
      }),
    )
    const sentAt = scheduler.now()
    broker.submit(order('o-1', 300))
    await done
    expect(events[0]?.type).toBe('ack')
    expect(events[0]?.atMs, 'not before its latency').toBeGreaterThanOrEqual(sentAt + 1)
    const fills = events.filter((e): e is FillEvent => e.type === 'fill')
    expect(fills.length).toBeGreaterThanOrEqual(2)
    expect(fills.reduce((sum, f) => sum + f.quantity, 0)).toBe(300)
  })
})
