import { constantRate, engineUnderTest, flashCrash2010, runScenario } from 'stressgate'
import { expect, test } from 'vitest'

// The 6 May 2010 E-mini profile, compressed 120x (~19 s): -3% over 4 minutes, -1.7% in 15 s
// with depth under 1% of normal, a 5 s halt, then a whipsaw before the recovery. Judged in
// simulated time (breaches, drawdown, flat); decision latency through a crash is
// flash_crash_latency's.
const market = flashCrash2010({
  compress: 120,
  whipsaw: { swings: 4, amplitudePct: 1.5, periodMs: 30_000 },
})

test('flash_crash_enhanced', async () => {
  const result = await runScenario({
    name: 'flash_crash_enhanced',
    seed: 2010,
    time: 'simulated',
    engine: engineUnderTest({ maxPositionUsd: 250_000, maxDrawdownPct: 15 }),
    market,
    load: constantRate({ perSecond: 1_000, durationMs: Math.ceil(market.totalMs) }),
  })
  expect(result.market.maxDropPct, 'the crash happened').toBeGreaterThan(4)
  expect(result.market.minDepthPct, 'depth evaporated').toBeLessThan(1)
  expect(result).toHaveZeroBreaches()
  expect(result).toHaveMaxDrawdownBelow(15)
  expect(result).toEndFlat()
})
