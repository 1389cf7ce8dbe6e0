import { constantRate, engineUnderTest, flashCrash, runScenario } from 'stressgate'
import { expect, test } from 'vitest'

test('flash_crash', async () => {
  const result = await runScenario({
    name: 'flash_crash',
    seed: 42,
    engine: engineUnderTest({ maxPositionUsd: 250_000, maxDrawdownPct: 15 }),
    market: flashCrash({ dropPct: 15, overMs: 2_000, depthFloorPct: 1 }),
    load: constantRate({ perSecond: 1_000, durationMs: 10_000 }),
    faults: [],
  })
  expect(result).toHaveP99Below(15) // ms, decision latency, coordinated-omission corrected
  expect(result).toHaveZeroBreaches()
  expect(result).toHaveMaxDrawdownBelow(15) // percent
  expect(result).toEndFlat()
})
