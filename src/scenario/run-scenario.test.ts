import { describe, expect, test } from 'vitest'
import { systemClock, VirtualClock } from '../common/clock.js'
import type { RiskEngine } from '../contract/risk-engine.js'
import { eventLoopStall } from '../faults/event-loop-stall.js'
import { referenceGovernor } from '../governor/reference-governor.js'
import { constantRate } from '../load/constant-rate.js'
import { flashCrash } from '../market/flash-crash.js'
import { onScenarioResult } from './result-channel.js'
import { runScenario } from './run-scenario.js'
import type { ScenarioSpec } from './scenario-spec.js'

const spec = (engine: RiskEngine, extra: Partial<ScenarioSpec> = {}): ScenarioSpec => ({
  name: 'unit_run',
  seed: 42,
  engine,
  market: flashCrash({ dropPct: 15, overMs: 500 }),
  load: constantRate({ perSecond: 1_000, durationMs: 2_000 }),
  clock: new VirtualClock(),
  ...extra,
})

describe('runScenario', () => {
  test('a warm-up is dispatched and judged, but not timed: a stall inside it is not in the latency', async () => {
    const clock = new VirtualClock()
    let n = 0
    const result = await runScenario(
      spec(
        {
          decide: () => {
            // A 50 ms stall on the very first decision, as a cold engine might have.
            if (n++ === 0) clock.advance(50)
            return { verdict: 'reject', reason: 'x' }
          },
        },
        { clock, warmupMs: 500, criteria: { decisionP99Ms: 1 } },
      ),
    )
    expect(result.decisions.dispatched, 'every decision ran').toBe(2_000)
    expect(result.decisions.rejected, 'and was judged').toBe(2_000)
    // 1000/s for 2 s: the 500 intended in the first 500 ms are the warm-up.
    expect(result.latency.decision.count).toBe(1_500)
    expect(result.latency.scheduleLag.count).toBe(1_500)
    expect(result.latency.decision.maxMs, 'the stall and its backlog are not timed').toBe(0)
    expect(result.warmupMs).toBe(500)
    expect(result.state).toBe('passed')
  })

  test('the reference governor holds its limits through a crash and ends flat', async () => {
    const result = await runScenario(
      spec(referenceGovernor({ maxPositionUsd: 250_000, maxDrawdownPct: 15 }), {
        criteria: { zeroBreaches: true, endFlat: true, maxDrawdownPct: 15, decisionP99Ms: 1 },
      }),
    )
    expect(result.state).toBe('passed')
    expect(result.decisions.dispatched).toBe(2_000)
    expect(result.decisions.approved + result.decisions.trimmed + result.decisions.rejected).toBe(
      2_000,
    )
    expect(
      result.decisions.trimmed + result.decisions.rejected,
      'the limit was reached',
    ).toBeGreaterThan(0)
    expect(result.breaches.count).toBe(0)
    expect(result.portfolio.finalPositions).toEqual({ ES: 0 })
    expect(result.portfolio.peakPositionUsd).toBeLessThanOrEqual(250_000)
    expect(result.market.minDepthPct).toBe(1)
  })

  test('the same seed gives the same run', async () => {
    const a = await runScenario(
      spec(referenceGovernor({ maxPositionUsd: 250_000, maxDrawdownPct: 15 })),
    )
    const b = await runScenario(
      spec(referenceGovernor({ maxPositionUsd: 250_000, maxDrawdownPct: 15 })),
    )
    expect(b.decisions).toEqual(a.decisions)
    expect(b.portfolio).toEqual(a.portfolio)
  })

  test('a governor that approves everything breaches and fails the declared criteria', async () => {
    const result = await runScenario(
      spec(
        { decide: () => ({ verdict: 'approve' }), limits: { maxPositionUsd: 250_000 } },
        {
          criteria: { zeroBreaches: true, endFlat: true },
        },
      ),
    )
    expect(result.state).toBe('failed')
    if (result.state !== 'failed') return
    expect(result.breaches.count).toBeGreaterThan(0)
    expect(result.breaches.first[0]).toMatchObject({ limit: 'maxPositionUsd', limitValue: 250_000 })
    expect(result.failures.map((f) => f.id)).toEqual(['hard_limit_breaches', 'final_position_qty'])
  })

  test('throwing, malformed and unanswered decisions are errors, never approvals', async () => {
    let n = 0
    const engine: RiskEngine = {
      decide: (request) => {
        n++
        if (n === 1) throw new Error('boom')
        if (n === 2) return { verdict: 'trim', quantity: request.quantity + 5, reason: 'bad' }
        if (n === 3) return Promise.reject(new Error('async boom'))
        if (n === 4) return new Promise(() => undefined) // never answers
        return { verdict: 'reject', reason: 'no' }
      },
    }
    const result = await runScenario(
      spec(engine, {
        load: constantRate({ perSecond: 100, durationMs: 1_000 }),
        market: flashCrash({ overMs: 200 }),
        drainTimeoutMs: 50,
      }),
    )
    expect(result.decisions.errors).toBe(4)
    expect(result.decisions.rejected).toBe(96)
    expect(result.decisions.approved).toBe(0)
    expect(result.errorSamples[0]).toBe('unit_run-0: Error: boom')
    expect(result.errorSamples[1]).toMatch(
      /trim quantity \d+ for request unit_run-1 of \d+: expected an integer in 1\.\.\d+/,
    )
    expect(result.errorSamples[2]).toBe('unit_run-2: Error: async boom')
    expect(result.errorSamples[3]).toBe(
      'no answer within drainTimeoutMs (50 ms) after the last dispatch',
    )
    expect(
      result.latency.decision.count,
      'every decision, answered or not, is in the histogram',
    ).toBe(100)
  })

  test('maxInFlight: an engine that stops answering gets its later decisions dropped, and fails', async () => {
    // 100 decisions at 100/s; from the 11th on the engine never answers, so with a cap of 5 the
    // 11th-15th hang in flight and the 85 after them are dropped.
    let n = 0
    const engine: RiskEngine = {
      decide: () => (++n > 10 ? new Promise(() => undefined) : { verdict: 'reject', reason: 'no' }),
    }
    const result = await runScenario(
      spec(engine, {
        load: constantRate({ perSecond: 100, durationMs: 1_000 }),
        market: flashCrash({ overMs: 200 }),
        drainTimeoutMs: 50,
        maxInFlight: 5,
      }),
    )
    expect(result.decisions).toMatchObject({
      scheduled: 100,
      dispatched: 15,
      dropped: 85,
      errors: 5,
    })
    expect(result.state).toBe('failed')
    expect(result.criteria).toContainEqual({
      id: 'decisions_dropped',
      description: 'no decision dropped (maxInFlight 5 decisions waiting for the engine)',
      comparison: '==',
      threshold: 0,
      actual: 85,
      unit: 'count',
      pass: false,
      clock: 'real',
    })
    // Without a cap nothing is dropped and there is no such criterion.
    n = 0
    const unbounded = await runScenario(
      spec(engine, {
        load: constantRate({ perSecond: 100, durationMs: 1_000 }),
        market: flashCrash({ overMs: 200 }),
        drainTimeoutMs: 50,
      }),
    )
    expect(unbounded.decisions).toMatchObject({ dispatched: 100, dropped: 0, errors: 90 })
    expect(unbounded.criteria.map((c) => c.id)).not.toContain('decisions_dropped')
  })

  test('publishes its result to listeners', async () => {
    const names: string[] = []
    const stop = onScenarioResult((r) => names.push(`${r.name}:${r.state}`))
    await runScenario(spec({ decide: () => ({ verdict: 'reject', reason: 'no' }) }))
    stop()
    await runScenario(spec({ decide: () => ({ verdict: 'reject', reason: 'no' }) }))
    expect(names).toEqual(['unit_run:passed'])
  })
})

describe('runScenario during a venue halt', () => {
  test('nothing fills while the venue is halted; engine orders wait for the reopening', async () => {
    let now = 0
    let flattenFilledAt: number | undefined
    let asked = false
    const engine: RiskEngine = {
      capabilities: ['ticks', 'fills'],
      decide: () => ({ verdict: 'approve' }),
      onTick: (tick) => {
        now = tick.tMs
        if (!tick.halted || asked) return undefined
        asked = true
        return [{ symbol: tick.symbol, side: 'sell', quantity: 1, reason: 'test' }]
      },
      onFill: (fill) => {
        if (fill.orderId.includes('-engine-')) flattenFilledAt = now
      },
      onOrderClosed: () => undefined,
    }
    const market = flashCrash({
      dropPct: 10,
      overMs: 200,
      atMs: 300,
      haltMs: 400,
      volatilityPct: 0,
    })
    expect(
      market
        .build(1, 1_000)
        .ticks.filter((t) => t.halted)
        .map((t) => t.tMs),
    ).toEqual(Array.from({ length: 40 }, (_, i) => 500 + i * 10))
    const result = await runScenario(
      spec(engine, { market, load: constantRate({ perSecond: 100, durationMs: 1_000 }) }),
    )
    // 100 decisions 10 ms apart: the 40 intended in [500, 900) meet a halted venue.
    expect(result.decisions.approved).toBe(100)
    expect(result.decisions.unfilled).toBe(40)
    expect(result.decisions.engineOrders).toBe(1)
    expect(result.portfolio.fills).toBe(61)
    expect(flattenFilledAt, 'the engine order executed at the first open tick').toBe(900)
  })
})

describe('runScenario with a fault timeline', () => {
  test('an event-loop stall is recorded as a phase and, being outside the engine, makes the run inconclusive', async () => {
    const result = await runScenario(
      spec(
        { decide: () => ({ verdict: 'reject', reason: 'no' }) },
        {
          clock: systemClock(),
          market: flashCrash({ overMs: 200 }),
          load: constantRate({ perSecond: 200, durationMs: 1_500 }),
          faults: [{ at: 500, fault: eventLoopStall({ ms: 150 }), name: 'stall' }],
        },
      ),
    )
    expect(result.faults.map((f) => f.name)).toEqual(['stall'])
    const phase = result.faults[0]
    expect(phase?.start).toBeGreaterThanOrEqual(500)
    expect((phase?.end ?? 0) - (phase?.start ?? 0)).toBeGreaterThanOrEqual(150)
    expect(
      result.latency.decision.maxMs,
      'decisions behind the stall waited',
    ).toBeGreaterThanOrEqual(100)
    expect(result.latency.service.p99Ms, 'the engine itself stayed fast').toBeLessThan(50)
    expect(result.state).toBe('inconclusive')
  })

  test('faults on a virtual clock are refused with the reason', async () => {
    await expect(
      runScenario(
        spec(
          { decide: () => ({ verdict: 'reject', reason: 'no' }) },
          {
            faults: [{ at: 10, fault: eventLoopStall({ ms: 1 }) }],
          },
        ),
      ),
    ).rejects.toThrow(/faults need the real clock/)
  })
})
