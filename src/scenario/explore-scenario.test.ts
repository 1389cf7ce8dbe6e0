import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { constantLatency } from '../broker/latency.js'
import { offsetSchedule } from '../load/offset-schedule.js'
import { gbm } from '../market/jump-diffusion.js'
import { exploreScenario } from './explore-scenario.js'
import { onScenarioResult } from './result-channel.js'
import type { ScenarioSpec } from './scenario-spec.js'

/** Bursts of orders on a venue, against an engine that approves all: a limit of 10,000 USD. */
const scenario = (orders: readonly number[]): ScenarioSpec => ({
  name: 'burst_cases',
  seed: 3,
  time: 'simulated',
  engine: { decide: () => ({ verdict: 'approve' }), limits: { maxPositionUsd: 10_000 } },
  market: gbm({ sigma: 0 }),
  load: offsetSchedule(orders, 100),
  strategy: { buyProbability: 1, minQuantity: 40, maxQuantity: 40 },
  venue: { entryLatency: constantLatency(1), fillLatency: constantLatency(1) },
  services: false,
  criteria: { zeroBreaches: true, invariantsHold: false },
})

describe('exploreScenario', () => {
  test('shrinks a failure to the smallest case: the third 40-share buy at 100 USD breaks 10,000 USD', async () => {
    const published: string[] = []
    const stop = onScenarioResult((r) => published.push(r.name))
    const explore = () =>
      exploreScenario({
        name: 'burst_cases',
        seed: 7,
        runs: 200,
        cases: fc.array(fc.integer({ min: 0, max: 90 }), { minLength: 1, maxLength: 12 }),
        scenario,
        describe: (orders) => `${orders.length} buys at ${orders.join(', ')} ms`,
      })
    const result = await explore()
    stop()
    // Each buy is 40 x 100 = 4,000 USD: two stay within the limit, the third breaches it, so
    // the smallest failing case is three buys, all at the earliest time, 0 ms.
    expect(result.exploration.counterexample?.input).toBe('3 buys at 0, 0, 0 ms')
    expect(result.state).toBe('failed')
    expect(result.seed, 'the exploration seed, for the replay').toBe(7)
    expect(
      result.eventLog?.filter((line) => line.startsWith('D ')),
      'its decisions',
    ).toHaveLength(3)
    expect(published, 'one result reaches the report, not one per case').toEqual(['burst_cases'])
    // The same seed explores the same cases and shrinks to the same run.
    const again = await explore()
    expect(again.digest).toBe(result.digest)
  })

  test('all cases passing: the last case is the result, with the count tried', async () => {
    const result = await exploreScenario({
      name: 'burst_cases',
      seed: 1,
      runs: 50,
      cases: fc.array(fc.integer({ min: 0, max: 90 }), { minLength: 1, maxLength: 2 }),
      scenario,
    })
    expect(result.exploration).toEqual({ runs: 50, seed: 1 })
    expect(result.state).toBe('passed')
  })

  test('a case that is not the scenario in simulated time is refused, naming both', async () => {
    await expect(
      exploreScenario({
        name: 'burst_cases',
        seed: 1,
        runs: 5,
        cases: fc.constant([0]),
        scenario: (orders) => ({ ...scenario(orders), time: 'real' }),
      }),
    ).rejects.toThrow(/every case must be the scenario "burst_cases" in simulated time/)
  })
})
