import {
  constantLatency,
  constantRate,
  engineUnderTest,
  gbm,
  runScenario,
  uniformLatency,
} from 'stressgate'
import { expect, test } from 'vitest'

// Orders from four strategies at once on a venue with partial fills, fees and rejects: the books
// of the engine, the harness, Redis and Postgres must agree to the cent, and PnL recomputed
// exactly from the fills must be within $1.
test('portfolio_integrity', async () => {
  const result = await runScenario({
    name: 'portfolio_integrity',
    seed: 23,
    time: 'simulated',
    engine: engineUnderTest({
      maxPositionUsd: 250_000,
      maxDrawdownPct: 15,
      maxOrderQuantity: 500,
    }),
    market: gbm({ sigma: 0.25 }),
    load: constantRate({ perSecond: 500, durationMs: 15_000 }),
    venue: {
      entryLatency: uniformLatency(1, 8),
      fillLatency: constantLatency(4),
      partialFills: { maxExecutions: 4, probability: 0.5 },
      fees: { perShare: 0.0035, bps: 0.3 },
      rejectProbability: 0.005,
    },
  })
  expect(result).toHaveZeroBreaches()
  expect(result).toBeReconciled({ toleranceUsd: 1 })
  expect(result.venue?.executionRatePct, 'execution rate (%)').toBeGreaterThan(95)
  expect(result.services?.redisPostgresInSync ?? true, 'Redis and Postgres in sync').toBe(true)
  expect(result.venue?.violations, 'portfolio invariants').toEqual([])
  expect(result).toEndFlat()
})
