import { constantRate, engineUnderTest, flashCrash, runScenario } from 'stressgate'
import { expect, test } from 'vitest'

const engine = engineUnderTest({ maxPositionUsd: 250_000, maxDrawdownPct: 15 })
const market = flashCrash({ dropPct: 15, overMs: 2_000, depthFloorPct: 1 })

// What must never break, in simulated time: exact, and the same on every machine.
test('flash_crash', async () => {
  const result = await runScenario({
    name: 'flash_crash',
    seed: 42,
    time: 'simulated',
    engine,
    market,
    load: constantRate({ perSecond: 1_000, durationMs: 10_000 }),
  })
  expect(result).toHaveZeroBreaches()
  expect(result).toHaveMaxDrawdownBelow(15) // percent
  expect(result).toEndFlat()
})

// How fast it decides through the crash, in real time.
test('flash_crash_latency', async () => {
  const result = await runScenario({
    name: 'flash_crash_latency',
    seed: 42,
    time: 'real',
    engine,
    market,
    load: constantRate({ perSecond: 1_000, durationMs: 3_000 }),
  })
  expect(result).toHaveP99Below(15) // ms, decision latency, coordinated-omission corrected
  expect(result).toHaveZeroBreaches()
})
