import { constantLatency } from '../../src/broker/latency.js'
import { systemClock } from '../../src/common/clock.js'
import type { RiskEngine } from '../../src/contract/risk-engine.js'
import { brokerHalfOpen } from '../../src/faults/broker-faults.js'
import { constantRate } from '../../src/load/constant-rate.js'
import { gbm } from '../../src/market/jump-diffusion.js'
import { runScenario } from '../../src/scenario/run-scenario.js'
import type { ScenarioResult } from '../../src/scenario/scenario-result.js'
import { startServices } from '../../src/services/start-services.js'

/**
 * A 4 s run at 100/s on the simulated broker whose link goes half-open from 1.05 s to 3.05 s,
 * with a 200 ms heartbeat, embedded Redis and the Redis control loop: the broker_failure checks
 * in small. The outage starts between two heartbeats (a ping sent at the very instant it starts
 * may or may not get its answer, a race of timers), so it is found at 1.5 s, and stays down a
 * second and a half past the 1 s acknowledgement grace.
 */
export async function brokerOutageRun(engine: RiskEngine): Promise<ScenarioResult> {
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
    faults: [{ at: 1_050, duration: 2_000, fault: brokerHalfOpen() }],
    services: { runId: 'outage', connections: services.connections },
    redisControl: true,
    maxScheduleLagMs: 50,
  })
}
