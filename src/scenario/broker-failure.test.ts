import { describe, expect, test } from 'vitest'
import { constantLatency } from '../broker/latency.js'
import { referenceGovernor } from '../governor/reference-governor.js'
import { systemClock } from '../load/clock.js'
import { constantRate } from '../load/constant-rate.js'
import { gbm } from '../market/jump-diffusion.js'
import { startServices } from '../services/start-services.js'
import { brokerHalfOpen } from './broker-faults.js'
import type { RiskEngine } from './risk-engine.js'
import { runScenario } from './run-scenario.js'

const run = async (engine: RiskEngine) => {
  await using services = await startServices({
    mode: 'embedded',
    warn: () => undefined,
    watchProcess: false,
  })
  return runScenario({
    name: 'broker_outage',
    seed: 3,
    engine,
    market: gbm({ sigma: 0.2 }),
    load: constantRate({ perSecond: 100, durationMs: 4_000 }),
    clock: systemClock(),
    venue: {
      entryLatency: constantLatency(2),
      fillLatency: constantLatency(3),
      cancelOnDisconnect: true,
    },
    heartbeat: { intervalMs: 200, timeoutMs: 100, misses: 2 },
    faults: [{ at: 1_000, duration: 1_500, fault: brokerHalfOpen() }],
    services: { runId: 'outage', connections: services.connections },
    redisControl: true,
    maxScheduleLagMs: 50,
  })
}

describe('a half-open broker link', () => {
  test('is found by the heartbeat, pauses the governor and raises the pause flag, then recovers and flattens', async () => {
    const result = await run(referenceGovernor({ maxPositionUsd: 50_000, maxDrawdownPct: 15 }))
    const link = result.link
    expect(link?.downs.length, JSON.stringify(link)).toBe(1)
    expect(link?.downs[0], 'found within a few heartbeats of the fault').toBeGreaterThan(1_000)
    expect(link?.downs[0]).toBeLessThan(2_500)
    expect(link?.ups.length).toBe(1)
    expect(link?.recoveryMs).toBeGreaterThan(0)
    expect(link?.recoveryMs).toBeLessThan(25_000)
    expect(result.control?.pauseFlagsRaised).toBe(1)
    expect(result.venue?.violations).toEqual([])
    expect(
      result.decisions.engineOrders,
      'flatten after the outage, then at the end',
    ).toBeGreaterThan(0)
  })
})
