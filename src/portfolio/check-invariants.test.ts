import { describe, expect, test } from 'vitest'
import { checkInvariants } from './check-invariants.js'
import { booksFromFills, markedPnl } from './fill-books.js'
import type { BookedFill, OrderRecord, ReportedState, TradingLog } from './trading-log.js'

// A sound run: buy 100 ES @ 100 in two fills, then sell 100 @ 101. Fees 0.5 per fill.
const orders: OrderRecord[] = [
  {
    id: 'o1',
    symbol: 'ES',
    side: 'buy',
    quantity: 100,
    sentAtMs: 0,
    events: [
      { type: 'ack', tMs: 1 },
      { type: 'fill', tMs: 2, fillId: 'f1', quantity: 60, price: 100, fee: 0.5 },
      { type: 'fill', tMs: 3, fillId: 'f2', quantity: 40, price: 100, fee: 0.5 },
    ],
  },
  {
    id: 'o2',
    symbol: 'ES',
    side: 'sell',
    quantity: 100,
    reduceOnly: false,
    sentAtMs: 10,
    events: [
      { type: 'ack', tMs: 11 },
      { type: 'fill', tMs: 12, fillId: 'f3', quantity: 100, price: 101, fee: 0.5 },
    ],
  },
]
const fills: BookedFill[] = orders.flatMap((o) =>
  o.events.flatMap((e) =>
    e.type === 'fill'
      ? [
          {
            fillId: e.fillId,
            orderId: o.id,
            symbol: o.symbol,
            side: o.side,
            quantity: e.quantity,
            price: e.price,
            fee: e.fee,
            tMs: e.tMs,
          },
        ]
      : [],
  ),
)
const log: TradingLog = {
  startingCashUsd: 10_000,
  orders,
  fills,
  pauses: [],
  priceAt: () => 100,
  limits: { maxPositionUsd: 15_000 },
  throttle: { received: 5, sent: 2, denied: 3 },
}
const reported: ReportedState = {
  enginePositions: { ES: 0 },
  redisPositions: { ES: 0 },
  postgresPositions: { ES: 0 },
  cashUsd: 10_098.5,
  pnlUsd: 98.5,
  finalPrices: { ES: 101 },
}
const ids = (l: TradingLog, r: ReportedState = reported) =>
  checkInvariants(l, r).map((v) => v.invariant)

describe('exact books from fills', () => {
  test('cash and PnL to the cent, without binary rounding', () => {
    const books = booksFromFills(10_000, fills)
    expect(books.cash.toString()).toBe('10098.5')
    expect(books.fees.toString()).toBe('1.5')
    expect(markedPnl(books, 10_000, { ES: 101 }).toString()).toBe('98.5')
    const tiny = booksFromFills(1, [{ ...fills[0], quantity: 3, price: 0.1, fee: 0 } as BookedFill])
    expect(tiny.cash.toString(), '1 - 3 x 0.1 is exactly 0.7').toBe('0.7')
  })
})

describe('checkInvariants', () => {
  test('a sound run has no violation', () => {
    expect(checkInvariants(log, reported)).toEqual([])
  })

  test('a fill booked twice', () => {
    expect(
      ids(
        { ...log, fills: [...fills, fills[0] as BookedFill] },
        {
          ...reported,
          enginePositions: undefined,
          redisPositions: undefined,
          postgresPositions: undefined,
          cashUsd: undefined,
          pnlUsd: undefined,
        },
      ),
    ).toEqual(['duplicate_fill', 'not_flat'])
  })

  test('a fill the venue reported that was never booked', () => {
    const v = checkInvariants({ ...log, fills: fills.slice(1) }, { finalPrices: { ES: 101 } })
    expect(v.map((x) => x.invariant)).toEqual(['lost_fill', 'not_flat'])
    expect(v[0]?.message).toBe('fill f1 of order o1 was reported by the venue but never booked')
  })

  test('a booked fill the venue never reported', () => {
    const ghost = { ...(fills[0] as BookedFill), fillId: 'ghost' }
    expect(ids({ ...log, fills: [...fills, ghost] }, { finalPrices: {} })).toEqual([
      'unexpected_fill',
      'not_flat',
    ])
  })

  test('an order filled past its quantity, a fill before the ack, an event after a terminal state', () => {
    const bad: OrderRecord[] = [
      {
        id: 'x1',
        symbol: 'ES',
        side: 'buy',
        quantity: 10,
        sentAtMs: 0,
        events: [
          { type: 'ack', tMs: 1 },
          { type: 'fill', tMs: 2, fillId: 'a', quantity: 15, price: 1, fee: 0 },
        ],
      },
      {
        id: 'x2',
        symbol: 'ES',
        side: 'buy',
        quantity: 10,
        sentAtMs: 0,
        events: [{ type: 'fill', tMs: 1, fillId: 'b', quantity: 10, price: 1, fee: 0 }],
      },
      {
        id: 'x3',
        symbol: 'ES',
        side: 'buy',
        quantity: 10,
        sentAtMs: 0,
        events: [
          { type: 'rejected', tMs: 1, reason: 'r' },
          { type: 'ack', tMs: 2 },
        ],
      },
    ]
    const v = checkInvariants({ ...log, orders: bad, fills: [] }, { finalPrices: {} })
    expect(v.filter((x) => x.invariant === 'order_state').map((x) => x.message)).toEqual([
      'order x2: fill is not allowed in state sent',
      'order x3: ack is not allowed in state rejected',
    ])
    expect(v.some((x) => x.invariant === 'overfill' && x.orderIds?.[0] === 'x1')).toBe(true)
  })

  test('a working order that takes exposure past the limit, even before it fills', () => {
    const working: OrderRecord = {
      id: 'big',
      symbol: 'ES',
      side: 'buy',
      quantity: 120,
      sentAtMs: 5,
      events: [
        { type: 'ack', tMs: 6 },
        { type: 'cancelled', tMs: 7 },
      ],
    }
    const v = checkInvariants({ ...log, orders: [...orders, working] }, reported)
    // At 5 ms: position 100 + 120 working = 220 shares x 100 = 22_000 > 15_000.
    expect(v).toEqual([
      {
        invariant: 'limit',
        message:
          'at 5 ms (send of big) ES exposure counting working orders is 22000.00 USD > 15000',
        orderIds: ['big'],
      },
    ])
  })

  test('orders sent after a pause was acknowledged are named', () => {
    const v = checkInvariants({ ...log, pauses: [{ ackMs: 5 }] }, reported)
    expect(v).toEqual([
      {
        invariant: 'order_leak',
        message:
          '1 risk-increasing order(s) sent after the pause was acknowledged: o2 (sell 100 ES at 10 ms)',
        orderIds: ['o2'],
      },
    ])
    const reduceOnly = orders.map((o) => (o.id === 'o2' ? { ...o, reduceOnly: true } : o))
    expect(ids({ ...log, orders: reduceOnly, pauses: [{ ackMs: 5 }] })).toEqual([])
    expect(ids({ ...log, pauses: [{ ackMs: 5, endMs: 9 }] }), 'resumed before o2').toEqual([])
  })

  test('positions that disagree: engine, Redis, Postgres, and Redis against Postgres', () => {
    const v = checkInvariants(log, {
      ...reported,
      enginePositions: { ES: 5 },
      redisPositions: { ES: 0, NQ: 1 },
    })
    expect(v.map((x) => `${x.invariant}: ${x.message}`)).toEqual([
      'engine_positions: ES: fills 0, engine 5',
      'redis_positions: NQ: fills 0, redis 1',
      'redis_vs_postgres: NQ: postgres 0, redis 1',
    ])
  })

  test('cash off by a cent and PnL off by more than a dollar; within a dollar passes', () => {
    expect(ids(log, { ...reported, cashUsd: 10_098.49 })).toEqual(['cash'])
    expect(ids(log, { ...reported, pnlUsd: 99.5 }), '$1.00 off is within tolerance').toEqual([])
    const v = checkInvariants(log, { ...reported, pnlUsd: 99.51 })
    expect(v).toEqual([
      { invariant: 'pnl', message: 'PnL from fills is 98.50, reported 99.51: off by more than $1' },
    ])
  })

  test('still working or not flat at the end; throttle accounting that does not add up', () => {
    const open: OrderRecord = {
      id: 'late',
      symbol: 'ES',
      side: 'buy',
      quantity: 1,
      sentAtMs: 20,
      events: [{ type: 'ack', tMs: 21 }],
    }
    expect(ids({ ...log, orders: [...orders, open] })).toEqual(['open_orders_at_end'])
    expect(ids({ ...log, throttle: { received: 5, sent: 2, denied: 2 } })).toEqual([
      'throttle_conservation',
    ])
  })
})
