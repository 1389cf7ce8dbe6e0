import { constantRate, engineUnderTest, gbm, runScenario } from 'stressgate'
import { expect, test } from 'vitest'

// 1000 decisions/s for 3 s, every verdict through the Redis decision queue, in real time.
test('decision_flood', async () => {
  const result = await runScenario({
    name: 'decision_flood',
    seed: 7,
    engine: engineUnderTest({ maxPositionUsd: 250_000, maxDrawdownPct: 15 }),
    market: gbm({ sigma: 0.2 }),
    load: constantRate({ perSecond: 1_000, durationMs: 3_000 }),
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

// The flood's memory, over 30,000 decisions: memory is a property of how many decisions the
// engine saw, not of the wall clock, so they run in simulated time, in half a second.
test('decision_flood_soak', async () => {
  const result = await runScenario({
    name: 'decision_flood_soak',
    seed: 8,
    time: 'simulated',
    engine: engineUnderTest({ maxPositionUsd: 250_000, maxDrawdownPct: 15 }),
    market: gbm({ sigma: 0.2 }),
    load: constantRate({ perSecond: 1_000, durationMs: 30_000 }),
  })
  expect(result).toHaveMemoryGrowthBelow(50 * 1024 * 1024)
  expect(result.decisions.errors, 'zero errors').toBe(0)
  expect(result).toHaveZeroBreaches()
})
