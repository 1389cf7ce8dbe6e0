import { describe, expect, test } from 'vitest'
import { constantLatency } from '../broker/latency.js'
import { VirtualClock } from '../common/clock.js'
import type { RiskEngine } from '../contract/risk-engine.js'
import { referenceGovernor } from '../governor/reference-governor.js'
import { constantRate } from '../load/constant-rate.js'
import { flashCrash } from '../market/flash-crash.js'
import { runScenario } from './run-scenario.js'
import type { ScenarioSpec } from './scenario-spec.js'

const venueSpec = (engine: RiskEngine, extra: Partial<ScenarioSpec> = {}): ScenarioSpec => ({
  name: 'venue_run',
  seed: 5,
  engine,
  market: flashCrash({ dropPct: 10, overMs: 500 }),
  load: constantRate({ perSecond: 500, durationMs: 2_000 }),
  clock: new VirtualClock(),
  venue: {
    entryLatency: constantLatency(2),
    fillLatency: constantLatency(3),
    fees: { perShare: 0.005, bps: 0.2 },
    partialFills: { maxExecutions: 3, probability: 0.5 },
  },
  ...extra,
})

describe('runScenario on a simulated venue', () => {
  test('the reference governor keeps the books sound: no violation, flat, executed, PnL exact within $1', async () => {
    const result = await runScenario(
      venueSpec(referenceGovernor({ maxPositionUsd: 50_000, maxDrawdownPct: 15 })),
    )
    const venue = result.venue
    expect(venue?.violations).toEqual([])
    expect(venue?.workingAtEnd).toBe(0)
    expect(venue?.fills).toBeGreaterThan(venue?.orders ?? 0)
    expect(venue?.executionRatePct).toBeGreaterThan(95)
    expect(venue?.pnlDeltaUsd).toBeLessThan(1)
    expect(result.breaches.count).toBe(0)
    expect(result.portfolio.finalPositions).toEqual({ ES: 0 })
  })

  test('the same seed gives the same venue log', async () => {
    const a = await runScenario(
      venueSpec(referenceGovernor({ maxPositionUsd: 50_000, maxDrawdownPct: 15 })),
    )
    const b = await runScenario(
      venueSpec(referenceGovernor({ maxPositionUsd: 50_000, maxDrawdownPct: 15 })),
    )
    expect(b.venue).toEqual(a.venue)
    expect(b.portfolio).toEqual(a.portfolio)
  })

  test('a governor that forgets its working orders lets exposure past the limit: the invariants name it', async () => {
    // Counts only filled positions: with 5 ms to fill, the working orders push exposure past the limit.
    const position = new Map<string, number>()
    const forgetful: RiskEngine = {
      capabilities: ['fills', 'positions'],
      limits: { maxPositionUsd: 20_000 },
      decide: (r) => {
        const after = (position.get(r.symbol) ?? 0) + (r.side === 'buy' ? r.quantity : -r.quantity)
        return Math.abs(after) * r.limitPrice <= 20_000
          ? { verdict: 'approve' }
          : { verdict: 'reject', reason: 'limit' }
      },
      onFill: (f) =>
        position.set(
          f.symbol,
          (position.get(f.symbol) ?? 0) + (f.side === 'buy' ? f.quantity : -f.quantity),
        ),
      onOrderClosed: () => undefined,
      positions: () => [...position].map(([symbol, quantity]) => ({ symbol, quantity })),
    }
    const result = await runScenario(venueSpec(forgetful))
    const limits = result.venue?.violations.filter((v) => v.invariant === 'limit') ?? []
    expect(limits.length).toBeGreaterThan(0)
    expect(limits[0]?.message).toMatch(/ES exposure counting working orders is [\d.]+ USD > 20000/)
  })
})
