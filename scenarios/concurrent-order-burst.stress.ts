import fc from 'fast-check'
import {
  constantLatency,
  engineUnderTest,
  gbm,
  offsetSchedule,
  runScenario,
  uniformLatency,
  VirtualClock,
} from 'stressgate'
import { expect, test } from 'vitest'

// Bursts from several strategies land at the same instants, in orders fast-check chooses; the
// venue interleaves acks, partial fills and rejects between them. Whatever the interleaving,
// no limit may be breached, the books must reconcile and the run must end flat.
const burst = fc.record({
  atMs: fc.integer({ min: 0, max: 1_900 }),
  size: fc.integer({ min: 1, max: 60 }),
})

test('concurrent_order_burst', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(burst, { minLength: 1, maxLength: 8 }),
      fc.integer({ min: 1, max: 1_000_000 }),
      async (bursts, seed) => {
        const offsets = bursts.flatMap((b) => Array.from({ length: b.size }, () => b.atMs))
        const result = await runScenario({
          name: 'concurrent_order_burst',
          seed,
          engine: engineUnderTest({ maxPositionUsd: 20_000, maxDrawdownPct: 15 }),
          market: gbm({ sigma: 0.3 }),
          load: offsetSchedule(offsets, 2_000),
          clock: new VirtualClock(),
          strategy: { minQuantity: 20, maxQuantity: 150 },
          venue: {
            entryLatency: uniformLatency(1, 6),
            fillLatency: constantLatency(2),
            partialFills: { maxExecutions: 3, probability: 0.5 },
            fees: { perShare: 0.005 },
            rejectProbability: 0.02,
          },
          services: false,
        })
        expect(result.breaches.count, JSON.stringify(result.venue?.violations.slice(0, 3))).toBe(0)
        expect(result.venue?.violations).toEqual([])
        expect(result.venue?.pnlDeltaUsd).toBeLessThan(1)
        expect(result.portfolio.finalPositions[result.market.symbol] ?? 0).toBe(0)
      },
    ),
    { numRuns: 40, seed: 20261125 },
  )
})
