import fc from 'fast-check'
import {
  constantLatency,
  engineUnderTest,
  exploreScenario,
  gbm,
  offsetSchedule,
  uniformLatency,
} from 'stressgate'
import { expect, test } from 'vitest'

// Bursts from several strategies land at the same instants, in orders fast-check chooses; the
// venue interleaves acks, partial fills and rejects between them. Whatever the interleaving,
// no limit may be breached, the books must reconcile and the run must end flat. Each case is a
// whole run in simulated time, so 1,000 of them take seconds, and a failing one is shrunk to
// the smallest burst pattern that still fails (printed in the report, with its events).
const burst = fc.record({
  atMs: fc.integer({ min: 0, max: 1_900 }),
  size: fc.integer({ min: 1, max: 60 }),
})
const cases = fc.record({
  bursts: fc.array(burst, { minLength: 1, maxLength: 8 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
})

test('concurrent_order_burst', async () => {
  const result = await exploreScenario({
    name: 'concurrent_order_burst',
    seed: 20261125,
    runs: 1_000,
    cases,
    describe: ({ bursts, seed }) =>
      `seed ${seed}; bursts ${bursts.map((b) => `${b.size} orders at ${b.atMs} ms`).join(', ')}`,
    scenario: ({ bursts, seed }) => ({
      name: 'concurrent_order_burst',
      seed,
      time: 'simulated',
      engine: engineUnderTest({ maxPositionUsd: 20_000, maxDrawdownPct: 15 }),
      market: gbm({ sigma: 0.3, tickMs: 100 }), // the venue interleaves; the market need not
      load: offsetSchedule(
        bursts.flatMap((b) => Array.from({ length: b.size }, () => b.atMs)),
        2_000,
      ),
      strategy: { minQuantity: 20, maxQuantity: 150 },
      venue: {
        entryLatency: uniformLatency(1, 6),
        fillLatency: constantLatency(2),
        partialFills: { maxExecutions: 3, probability: 0.5 },
        fees: { perShare: 0.005 },
        rejectProbability: 0.02,
      },
      criteria: { endFlat: true, reconciledWithinUsd: 1 },
      services: false,
    }),
  })
  expect(result.exploration.counterexample?.input, 'smallest failing case').toBeUndefined()
  expect(result.exploration.runs, 'interleavings explored').toBeGreaterThanOrEqual(1_000)
  expect(result).toHaveZeroBreaches()
  expect(result).toBeReconciled({ toleranceUsd: 1 })
  expect(result).toEndFlat()
})
