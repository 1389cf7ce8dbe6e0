import { constantRate, engineUnderTest, gbm, runScenario } from 'stressgate'
import { expect, test } from 'vitest'

// 1000 decisions/s for 4 s, every verdict through the Redis decision queue, in real time.
test('decision_flood', async () => {
  const result = await runScenario({
    name: 'decision_flood',
    seed: 7,
    engine: engineUnderTest({ maxPositionUsd: 250_000, maxDrawdownPct: 15 }),
    market: gbm({ sigma: 0.2 }),
    load: constantRate({ perSecond: 1_000, durationMs: 4_000 }),
    pipeline: true,
    criteria: { zeroBacklog: true },
  })
  expect(result).toHaveP99Below(20, 'pipeline') // ms: decision -> Redis queue -> consumer
  expect(result).toHaveP99Below(15) // ms: decision latency, CO-corrected
  expect(result).toHaveMemoryGrowthBelow(50 * 1024 * 1024)
  expect(result.decisions.errors, 'zero errors').toBe(0)
  expect(result.pipeline?.backlog, 'Redis backlog').toBe(0)
  expect(result).toHaveZeroBreaches()
})

// The flood's memory, over a minute of decisions: memory is a property of how many decisions
// the engine saw, not of the wall clock, so 60,000 of them run in simulated time, in seconds.
test('decision_flood_soak', async () => {
  const result = await runScenario({
    name: 'decision_flood_soak',
    seed: 8,
    time: 'simulated',
    engine: engineUnderTest({ maxPositionUsd: 250_000, maxDrawdownPct: 15 }),
    market: gbm({ sigma: 0.2 }),
    load: constantRate({ perSecond: 1_000, durationMs: 60_000 }),
  })
  expect(result).toHaveMemoryGrowthBelow(50 * 1024 * 1024)
  expect(result.decisions.errors, 'zero errors').toBe(0)
  expect(result).toHaveZeroBreaches()
})
