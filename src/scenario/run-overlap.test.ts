import { describe, expect, test } from 'vitest'
import { constantLatency } from '../broker/latency.js'
import { systemClock } from '../common/clock.js'
import { brokerDisconnect } from '../faults/broker-faults.js'
import { referenceGovernor } from '../governor/reference-governor.js'
import { constantRate } from '../load/constant-rate.js'
import { gbm } from '../market/jump-diffusion.js'
import { connectRedis } from '../services/clients.js'
import { startServices } from '../services/start-services.js'
import { runScenario } from './run-scenario.js'
import { ScenarioOverlapError } from './scenario-overlap-error.js'
import type { ScenarioSpec } from './scenario-spec.js'

const venueRun = (name: string, extra: Partial<ScenarioSpec> = {}): ScenarioSpec => ({
  name,
  seed: 5,
  engine: referenceGovernor({ maxPositionUsd: 50_000, maxDrawdownPct: 15 }),
  market: gbm({ sigma: 0.2 }),
  load: constantRate({ perSecond: 100, durationMs: 2_000 }),
  clock: systemClock(),
  venue: { entryLatency: constantLatency(2), fillLatency: constantLatency(3) },
  heartbeat: { intervalMs: 100, timeoutMs: 50, misses: 2 },
  services: false,
  maxScheduleLagMs: 50,
  ...extra,
})

describe('two runScenario calls overlapping in one process', () => {
  test('without shared services both work, and each fault acts on its own run', async () => {
    const [faulted, quiet] = await Promise.all([
      runScenario(
        venueRun('faulted_run', {
          faults: [{ at: 500, duration: 600, fault: brokerDisconnect() }],
        }),
      ),
      runScenario(venueRun('quiet_run')),
    ])
    expect(faulted.faults.map((f) => f.name)).toEqual(['broker_disconnect'])
    expect(faulted.link?.downs.length, 'the faulted run lost its link').toBe(1)
    expect(quiet.faults).toEqual([])
    expect(quiet.link?.downs, "the other run's broker never disconnected").toEqual([])
    expect(quiet.decisions.dispatched).toBe(200)
    expect(faulted.decisions.dispatched).toBe(200)
  })

  test('on the same services the second is refused by name until the first is done', async () => {
    await using services = await startServices({
      mode: 'embedded',
      warn: () => undefined,
      watchProcess: false,
    })
    const shared = { runId: 'overlap', connections: services.connections }
    const first = runScenario(venueRun('first_run', { services: shared }))
    // Start the second once the first holds the live state (its lease is in Redis).
    const redis = await connectRedis(services.connections.redis)
    for (let i = 0; i < 200 && (await redis.get('stressgate:lease')) === null; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    redis.disconnect()
    const second = runScenario(venueRun('second_run', { services: shared }))
    await expect(second).rejects.toThrow(ScenarioOverlapError)
    await expect(second).rejects.toThrow(
      /Scenario "second_run": the live state in Redis \(keys "stressgate:\*"\) is in use by scenario "first_run" \(run overlap, pid \d+ on .+\)\. Runs that share services run one at a time/,
    )
    expect((await first).decisions.dispatched).toBe(200)
    const third = await runScenario(venueRun('third_run', { services: shared }))
    expect(third.decisions.dispatched, 'the lease was released with the first run').toBe(200)
    expect(third.services?.warnings).toEqual([])
  })
})
