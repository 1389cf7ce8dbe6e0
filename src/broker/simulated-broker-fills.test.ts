import { describe, expect, test } from 'vitest'
import { BrokerSpecError } from './broker-error.js'
import { type FillEvent, toFill } from './broker-events.js'
import { constantLatency, uniformLatency } from './latency.js'
import { order, setup } from './simulated-broker-fixture.js'

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
