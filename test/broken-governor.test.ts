import { describe, expect, test } from 'vitest'
import { stressMatchers } from '../plugin/matchers.js'
import '../plugin/matcher-types.js'
import {
  brokerHalfOpen,
  constantLatency,
  constantRate,
  gbm,
  type RiskEngine,
  referenceGovernor,
  runScenario,
  startServices,
  systemClock,
} from '../src/index.js'

expect.extend(stressMatchers)

// The broker_failure checks against a governor with one bug: it approves everything while paused.
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

describe('a governor that ignores its pause', () => {
  test('fails the broker_failure checks with a message naming the leaked orders', async () => {
    const g = referenceGovernor({ maxPositionUsd: 50_000, maxDrawdownPct: 15 })
    // Delegates everything, but approves whatever it is asked while paused.
    const broken: RiskEngine = {
      limits: g.limits,
      decide: (r) => (g.state === 'PAUSED' ? { verdict: 'approve' } : g.decide(r)),
      onTick: (t) => g.onTick?.(t),
      onFill: (f) => g.onFill?.(f),
      onOrderClosed: (id) => g.onOrderClosed(id),
      onLinkChange: (l) => g.onLinkChange(l),
      takeActions: () => g.takeActions(),
      stateLog: () => g.stateLog(),
      positions: () => g.positions?.() ?? [],
      flattenAll: () => g.flattenAll?.() ?? [],
    }
    const result = await run(broken)
    expect(result).toRecoverWithin(25_000)
    let message = ''
    try {
      expect(result).toHaveNoOrderLeaks()
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(
      /^broker_outage: expected orders leaked while paused == 0, actual [1-9]\d*/,
    )
    expect(message).toMatch(
      /risk-increasing order\(s\) sent after the pause was acknowledged: broker_outage-\d+ \((buy|sell) \d+ ES at \d+ ms\)/,
    )
  })
})
