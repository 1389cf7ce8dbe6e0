import { describe, expect, test } from 'vitest'
import { BrokerStateError } from './broker-error.js'
import type { BrokerEvent, FillEvent } from './broker-events.js'
import type { SimulatedBrokerOptions } from './broker-options.js'
import { VirtualScheduler } from './event-scheduler.js'
import { constantLatency } from './latency.js'
import { simulatedBroker } from './simulated-broker.js'

function setup(options: Partial<SimulatedBrokerOptions> = {}) {
  const scheduler = new VirtualScheduler()
  const broker = simulatedBroker({
    scheduler,
    seed: 7,
    marketPrice: () => 100,
    entryLatency: constantLatency(1),
    fillLatency: constantLatency(10),
    ...options,
  })
  const events: BrokerEvent[] = []
  const deliveredAt: number[] = []
  broker.subscribe((event) => {
    events.push(event)
    deliveredAt.push(scheduler.now())
  })
  const log = () =>
    events.map((e) => {
      const who = 'clientOrderId' in e ? ` ${e.clientOrderId}` : ''
      const replay = 'replayed' in e && e.replayed ? ' (replayed)' : ''
      return `${e.type}${who}@${e.atMs}${replay}`
    })
  const fills = () => events.filter((e): e is FillEvent => e.type === 'fill')
  return { scheduler, broker, events, deliveredAt, log, fills }
}

const order = (clientOrderId: string, quantity = 100) => ({
  clientOrderId,
  symbol: 'ES',
  side: 'buy' as const,
  quantity,
})

describe('disconnect and reconnect', () => {
  test('events stop while down; the venue keeps working; reconnect replays each event once', () => {
    const { scheduler, broker, log, deliveredAt } = setup()
    broker.submit(order('a'))
    scheduler.runUntil(5)
    broker.disconnect()
    expect(broker.linkState).toBe('down')
    scheduler.runUntil(50)
    expect(log(), 'the fill at 11 is held').toEqual(['ack a@1', 'disconnected@5'])
    expect(broker.workingOrders(), 'it filled at the venue').toEqual([])
    broker.reconnect()
    expect(log()).toEqual(['ack a@1', 'disconnected@5', 'reconnected@50', 'fill a@11 (replayed)'])
    expect(deliveredAt, 'the replay arrives at reconnect time').toEqual([1, 5, 50, 50])
    expect(log().at(-2), 'reconnected announces the replay').toBe('reconnected@50')
    broker.disconnect()
    broker.reconnect()
    scheduler.runUntil(100)
    expect(
      log().filter((l) => l.startsWith('fill')),
      'never delivered twice',
    ).toEqual(['fill a@11 (replayed)'])
  })

  test('reconnected carries how many events follow', () => {
    const { scheduler, broker, events } = setup()
    broker.disconnect()
    broker.reconnect()
    broker.submit(order('a'))
    broker.submit(order('b'))
    broker.disconnect()
    scheduler.runUntil(50)
    broker.reconnect()
    expect(events.find((e) => e.type === 'reconnected' && e.atMs === 50)).toEqual({
      type: 'reconnected',
      atMs: 50,
      replayCount: 4,
    })
  })

  test('nothing can be sent while down', async () => {
    const { broker } = setup()
    broker.submit(order('a'))
    broker.disconnect()
    expect(broker.submit(order('b'))).toEqual({ status: 'not_connected' })
    expect(broker.cancel('a')).toEqual({ status: 'not_connected' })
    expect(broker.cancelAll()).toEqual({ status: 'not_connected' })
    expect(await broker.ping(100)).toEqual({ status: 'not_connected' })
  })

  test('cancelOnDisconnect: the venue cancels working orders at the disconnect, replayed later', () => {
    const { scheduler, broker, log, events } = setup({ cancelOnDisconnect: true })
    broker.submit(order('a'))
    broker.submit(order('b'))
    scheduler.runUntil(5)
    broker.disconnect()
    expect(broker.workingOrders(), 'cancelled at the venue').toEqual([])
    scheduler.runUntil(50)
    broker.reconnect()
    expect(log()).toEqual([
      'ack a@1',
      'ack b@1',
      'disconnected@5',
      'reconnected@50',
      'cancelled a@5 (replayed)',
      'cancelled b@5 (replayed)',
    ])
    expect(events.at(-1)).toMatchObject({ reason: 'cancel_on_disconnect', cancelledQuantity: 100 })
  })

  test('without cancelOnDisconnect the same orders fill during the outage', () => {
    const { scheduler, broker, log } = setup()
    broker.submit(order('a'))
    broker.submit(order('b'))
    scheduler.runUntil(5)
    broker.disconnect()
    scheduler.runUntil(50)
    broker.reconnect()
    expect(log().slice(3)).toEqual([
      'reconnected@50',
      'fill a@11 (replayed)',
      'fill b@11 (replayed)',
    ])
  })

  test('cancelOnDisconnect reaches an order not yet acknowledged: ack, then cancel', () => {
    const { scheduler, broker, log } = setup({
      cancelOnDisconnect: true,
      entryLatency: constantLatency(20),
    })
    broker.submit(order('a'))
    scheduler.runUntil(5)
    broker.disconnect()
    scheduler.runUntil(50)
    broker.reconnect()
    expect(log()).toEqual([
      'disconnected@5',
      'reconnected@50',
      'ack a@20 (replayed)',
      'cancelled a@20 (replayed)',
    ])
  })

  test('link misuse is a clear state error', () => {
    const { broker } = setup()
    expect(() => broker.reconnect()).toThrow(BrokerStateError)
    expect(() => broker.reconnect()).toThrow(
      /already up; call disconnect\(\) or halfOpen\(\) first/,
    )
    broker.disconnect()
    expect(() => broker.disconnect()).toThrow(/already down/)
    expect(() => broker.halfOpen()).toThrow(/the link is down; only an up link can go half-open/)
  })
})

describe('half-open link', () => {
  test('looks connected but nothing arrives and nothing is emitted, not even a disconnect', () => {
    const { scheduler, broker, log } = setup()
    broker.submit(order('a'))
    scheduler.runUntil(5)
    broker.halfOpen()
    expect(broker.linkState).toBe('half_open')
    expect(broker.submit(order('lost')), 'the client cannot tell').toEqual({ status: 'sent' })
    expect(broker.cancel('a')).toEqual({ status: 'sent' })
    scheduler.runUntil(100)
    expect(log()).toEqual(['ack a@1'])
    broker.reconnect()
    expect(log()).toEqual(['ack a@1', 'reconnected@100', 'fill a@11 (replayed)'])
    expect(
      log().some((l) => l.includes('lost')),
      'the order sent half-open never arrived',
    ).toBe(false)
  })

  test('a ping detects it: the reply never comes, the timeout does', async () => {
    const { scheduler, broker } = setup({ entryLatency: constantLatency(3) })
    const healthy = broker.ping(50)
    scheduler.runUntil(10)
    expect(await healthy).toEqual({ status: 'ok', rttMs: 3 })
    broker.halfOpen()
    const start = scheduler.now()
    let settledAt: number | undefined
    const silent = broker.ping(50).then((result) => {
      settledAt = scheduler.now()
      return result
    })
    scheduler.runUntil(start + 49)
    await Promise.resolve()
    expect(settledAt, 'still waiting before the deadline').toBeUndefined()
    scheduler.runUntil(start + 50)
    expect(await silent).toEqual({ status: 'timeout', timeoutMs: 50 })
    expect(settledAt).toBe(start + 50)
  })

  test('a reply in flight when the link goes half-open is lost', async () => {
    const { scheduler, broker } = setup({ entryLatency: constantLatency(10) })
    const ping = broker.ping(30)
    scheduler.runUntil(5)
    broker.halfOpen()
    scheduler.runUntil(40)
    expect(await ping).toEqual({ status: 'timeout', timeoutMs: 30 })
  })

  test('a reply landing exactly on the deadline counts; one later times out', async () => {
    const { scheduler, broker } = setup({ entryLatency: constantLatency(30) })
    const onTime = broker.ping(30)
    const late = broker.ping(29.9)
    scheduler.runUntil(40)
    expect(await onTime).toEqual({ status: 'ok', rttMs: 30 })
    expect(await late).toEqual({ status: 'timeout', timeoutMs: 29.9 })
  })

  test('half-open then disconnect: the client notices, the disconnected event comes now', () => {
    const { scheduler, broker, log } = setup()
    broker.halfOpen()
    scheduler.runUntil(20)
    broker.disconnect()
    expect(log()).toEqual(['disconnected@20'])
  })
})

describe('resend after reconnect', () => {
  test('a resent order the venue already has creates nothing and fills once', () => {
    const { scheduler, broker, fills, log } = setup()
    broker.submit(order('a'))
    scheduler.runUntil(5)
    broker.halfOpen()
    broker.submit(order('b')) // lost on the half-open link
    scheduler.runUntil(30)
    broker.disconnect() // a heartbeat timed out: the client tears the link down
    broker.reconnect()
    expect(broker.submit(order('a')), 'the venue has a').toEqual({ status: 'duplicate' })
    expect(broker.submit(order('b')), 'the venue never saw b').toEqual({ status: 'sent' })
    expect(broker.submit(order('b')), 'b is known now').toEqual({ status: 'duplicate' })
    scheduler.runUntil(100)
    expect(log()).toEqual([
      'ack a@1',
      'disconnected@30',
      'reconnected@30',
      'fill a@11 (replayed)',
      'ack b@31',
      'fill b@41',
    ])
    const ids = fills().map((f) => f.fillId)
    expect(ids).toEqual(['V1-1', 'V2-1'])
    expect(new Set(ids).size).toBe(ids.length)
  })

  test('resending while fills are still pending at the venue never doubles them', () => {
    const { scheduler, broker, fills } = setup({
      partialFills: { maxExecutions: 4, interval: constantLatency(5) },
    })
    for (let i = 0; i < 20; i++) broker.submit(order(`o-${i}`, 1_000))
    scheduler.runUntil(3)
    broker.disconnect()
    scheduler.runUntil(13)
    broker.reconnect()
    for (let i = 0; i < 20; i++)
      expect(broker.submit(order(`o-${i}`, 1_000)).status).toBe('duplicate')
    scheduler.runUntil(20)
    broker.halfOpen()
    for (let i = 0; i < 20; i++) broker.submit(order(`o-${i}`, 1_000))
    scheduler.runUntil(25)
    broker.reconnect()
    for (let i = 0; i < 20; i++) broker.submit(order(`o-${i}`, 1_000))
    scheduler.runUntil(1_000)
    const ids = fills().map((f) => f.fillId)
    expect(new Set(ids).size, 'each fill id once').toBe(ids.length)
    for (let i = 0; i < 20; i++) {
      const mine = fills().filter((f) => f.clientOrderId === `o-${i}`)
      expect(
        mine.reduce((sum, f) => sum + f.quantity, 0),
        `o-${i} filled exactly once`,
      ).toBe(1_000)
    }
    expect(broker.workingOrders()).toEqual([])
  })
})
