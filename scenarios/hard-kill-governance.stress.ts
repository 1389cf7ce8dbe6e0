import {
  constantLatency,
  constantRate,
  controlFlag,
  engineUnderTest,
  gbm,
  runScenario,
} from 'stressgate'
import { expect, test } from 'vitest'

// An operator hits the emergency stop (governor.emergency_stop in Redis) in the middle of a
// 1000/s flood: the governor must halt, cancel its working orders, send nothing risk-increasing
// after it acknowledged the stop, and flatten completely.
test('hard_kill_governance', async () => {
  const result = await runScenario({
    name: 'hard_kill_governance',
    seed: 31,
    engine: engineUnderTest({ maxPositionUsd: 250_000, maxDrawdownPct: 15 }),
    market: gbm({ sigma: 0.2 }),
    load: constantRate({ perSecond: 1_000, durationMs: 8_000 }),
    venue: { entryLatency: constantLatency(3), fillLatency: constantLatency(5) },
    redisControl: true,
    faults: [
      { at: 1_500, duration: 2_000, fault: controlFlag('pause', 'operator pause') },
      { at: 4_000, fault: controlFlag('emergencyStop', 'operator kill switch') },
    ],
  })
  expect(result.control?.emergencyStops, 'the stop reached the governor').toBe(1)
  const [pauseLatencyMs, stopLatencyMs] = result.control?.pauseLatenciesMs ?? []
  expect(pauseLatencyMs, 'pause flag to PAUSED, ms').toBeLessThan(1_000)
  expect(stopLatencyMs, 'stop flag to HALTED, ms').toBeLessThan(1_000)
  expect(
    result.engineOrderReasons['kill switch: governor.emergency_stop: operator kill switch'],
  ).toBeGreaterThan(0)
  expect(result).toHaveNoOrderLeaks()
  expect(result).toBeReconciled({ toleranceUsd: 1 })
  expect(result).toHaveZeroBreaches()
  expect(result).toEndFlat()
})
