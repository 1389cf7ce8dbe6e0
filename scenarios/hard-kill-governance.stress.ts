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
    time: 'simulated',
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
  expect(pauseLatencyMs, 'pause flag delivered, ms').toBeLessThan(1_000)
  expect(stopLatencyMs, 'stop flag delivered, ms').toBeLessThan(1_000)
  // What the venue saw: the last risk-increasing order after each flag, within the 1 s grace.
  const pause = result.controlWindows?.find((w) => w.kind === 'pause')
  const stop = result.controlWindows?.find((w) => w.kind === 'halt')
  expect(pause?.effectMs, 'pause flag to no new risk, ms').toBeLessThan(1_000)
  expect(stop?.effectMs, 'stop flag to no new risk, ms').toBeLessThan(1_000)
  expect(stop?.engineOrders, 'the engine flattened by itself after the stop').toBeGreaterThan(0)
  expect(result).toHaveNoOrderLeaks()
  expect(result).toBeReconciled({ toleranceUsd: 1 })
  expect(result).toHaveZeroBreaches()
  expect(result).toEndFlat()
})
