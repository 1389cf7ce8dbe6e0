import {
  brokerDisconnect,
  constantRate,
  engineUnderTest,
  gbm,
  lognormalLatency,
  runScenario,
} from 'stressgate'
import { expect, test } from 'vitest'

// The broker link drops for 8 s while order acks already suffer latency spikes (lognormal,
// p99 40x the median). The governor must notice, pause, raise the critical pause flag, leak no
// order while paused, flatten what the outage left, and trade again within 25 s. In simulated
// time the heartbeat, the outage and the control flags run on one clock: exact, every run.
test('broker_failure', async () => {
  const result = await runScenario({
    name: 'broker_failure',
    seed: 11,
    time: 'simulated',
    engine: engineUnderTest({ maxPositionUsd: 250_000, maxDrawdownPct: 15 }),
    market: gbm({ sigma: 0.3 }),
    load: constantRate({ perSecond: 200, durationMs: 20_000 }),
    venue: {
      entryLatency: lognormalLatency({ medianMs: 2, p99Ms: 80 }),
      fillLatency: lognormalLatency({ medianMs: 3, p99Ms: 120 }),
      fees: { perShare: 0.005 },
    },
    heartbeat: { intervalMs: 1_000, timeoutMs: 500, misses: 2 },
    faults: [{ at: 5_000, duration: 8_000, fault: brokerDisconnect() }],
    redisControl: true,
  })
  expect(result).toRecoverWithin(25_000)
  expect(result.control?.pauseFlagsRaised, 'critical pause flag raised').toBeGreaterThanOrEqual(1)
  expect(result).toHaveNoOrderLeaks()
  const outages = result.controlWindows?.filter((w) => w.kind === 'link_down') ?? []
  expect(outages.length, 'the heartbeat found the outage').toBeGreaterThan(0)
  expect(
    outages.reduce((n, w) => n + w.engineOrders, 0),
    'flattening triggered: the engine sent orders of its own after the outage',
  ).toBeGreaterThan(0)
  expect(result).toBeReconciled({ toleranceUsd: 1 })
  expect(result).toHaveZeroBreaches()
  expect(result).toEndFlat()
})
