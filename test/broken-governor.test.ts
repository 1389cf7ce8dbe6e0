import { describe, expect, test } from 'vitest'
import { stressMatchers } from '../plugin/matchers.js'
import '../plugin/matcher-types.js'
import { type RiskEngine, referenceGovernor } from '../src/index.js'
import { brokerOutageRun } from './helpers/broker-outage.js'

expect.extend(stressMatchers)

// The broker_failure checks against a governor with one bug: it approves everything while paused.
const run = brokerOutageRun

describe('a governor that ignores its pause', () => {
  test('fails the broker_failure checks with a message naming the leaked orders', async () => {
    const g = referenceGovernor({ maxPositionUsd: 50_000, maxDrawdownPct: 15 })
    // Delegates everything, but approves whatever it is asked while paused.
    const broken: RiskEngine = {
      capabilities: g.capabilities,
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
      pause: (reason) => g.pause(reason),
      resume: (reason) => g.resume(reason),
      emergencyStop: (reason) => g.emergencyStop(reason),
      statistics: () => g.statistics(),
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
