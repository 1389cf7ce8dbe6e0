import { lognormalLatency } from '../../src/broker/latency.js'
import { brokerDisconnect } from '../../src/faults/broker-faults.js'
import { constantRate } from '../../src/load/constant-rate.js'
import { gbm } from '../../src/market/jump-diffusion.js'
import { engineUnderTest } from '../../src/scenario/engine-under-test.js'
import type { ScenarioSpec } from '../../src/scenario/scenario-spec.js'

/**
 * 10 s of simulated trading at 1,000 decisions/s on a venue with lognormal latencies, partial
 * fills and fees, whose broker link is down from 3 s to 7 s; the control flags in process.
 */
export function simulatedOutage(seed: number): ScenarioSpec {
  return {
    name: 'simulated_outage',
    seed,
    time: 'simulated',
    engine: engineUnderTest({ maxPositionUsd: 250_000, maxDrawdownPct: 15 }),
    market: gbm({ sigma: 0.3 }),
    load: constantRate({ perSecond: 1_000, durationMs: 10_000 }),
    venue: {
      entryLatency: lognormalLatency({ medianMs: 2, p99Ms: 80 }),
      fillLatency: lognormalLatency({ medianMs: 3, p99Ms: 120 }),
      partialFills: { maxExecutions: 3, probability: 0.3 },
      fees: { perShare: 0.005 },
    },
    heartbeat: { intervalMs: 1_000, timeoutMs: 500, misses: 2 },
    faults: [{ at: 3_000, duration: 4_000, fault: brokerDisconnect() }],
    redisControl: true,
    services: false,
  }
}
