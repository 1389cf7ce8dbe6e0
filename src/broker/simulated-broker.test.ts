import { describe, expect, test } from 'vitest'
import type { BrokerEvent, FillEvent } from './broker-events.js'
import { RealTimeScheduler } from './event-scheduler.js'
import { constantLatency, lognormalLatency, uniformLatency } from './latency.js'
import { simulatedBroker } from './simulated-broker.js'
import { order, setup } from './simulated-broker-fixture.js'

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
