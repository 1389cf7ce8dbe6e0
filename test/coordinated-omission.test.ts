import { describe, expect, test } from 'vitest'
import {
  constantRate,
  flashCrash,
  type RiskEngine,
  runScenario,
  systemClock,
  VirtualClock,
} from '../src/index.js'

/** An engine that answers instantly except once per second, when it stalls for `stallMs`. */
function stallingEngine(
  stall: (ms: number) => void,
  stallMs = 100,
  everyDecisions = 1_000,
): RiskEngine {
  let calls = 0
  return {
    decide() {
      if (calls++ % everyDecisions === 0) stall(stallMs)
      return { verdict: 'reject', reason: 'test engine' }
    },
  }
}

const busyWait = (ms: number): void => {
  const end = performance.now() + ms
  while (performance.now() < end) {
    // hold the thread like a blocked engine would
  }
}

/** A generator that always wakes 20 ms late. */
class LateClock extends VirtualClock {
  override sleepUntil(atMs: number): Promise<void> {
    return super.sleepUntil(atMs + 20)
  }
}

const market = flashCrash({ dropPct: 10, overMs: 500, volatilityPct: 0 })

describe('coordinated omission', () => {
  test('exact: a 100 ms stall once per second at 1000/s shows in the corrected p99, not the raw one', async () => {
    // Each second: the stalled decision answers after 100 ms, the 99 queued behind it after
    // 99..1 ms, the other 900 at once. Over 5 s the sorted latencies are 4500 zeros then five
    // copies of 1..100 ms, so p99 (the 4950th value) is 90 ms; HDR reports the top of 90 ms's
    // 64 us bucket [89984, 90047]. Service time sees a single slow call per second: p99 = 0.
    const clock = new VirtualClock()
    const result = await runScenario({
      name: 'co_exact',
      seed: 1,
      engine: stallingEngine((ms) => clock.advance(ms)),
      market,
      load: constantRate({ perSecond: 1_000, durationMs: 5_000 }),
      clock,
    })
    expect(result.state, 'the generator kept up').toBe('passed')
    expect(result.latency.decision.count, 'decisions').toBe(5_000)
    expect(result.latency.decision.p50Ms, 'corrected p50').toBe(0)
    expect(result.latency.decision.p90Ms, 'corrected p90').toBe(0)
    expect(result.latency.decision.p99Ms, 'corrected p99').toBe(90.047)
    expect(result.latency.decision.maxMs, 'corrected max').toBe(100)
    expect(result.latency.service.p99Ms, 'raw p99').toBe(0)
    expect(result.latency.service.maxMs, 'raw max').toBe(100)
    expect(result.latency.scheduleLag.maxMs, 'generator lag').toBe(0)
  })

  test('real clock: the same stall over 2 s is visible corrected and hidden raw', async () => {
    const result = await runScenario({
      name: 'co_real',
      seed: 1,
      engine: stallingEngine(busyWait),
      market,
      load: constantRate({ perSecond: 1_000, durationMs: 2_000 }),
      clock: systemClock(),
      maxScheduleLagMs: 50,
    })
    // Generous bounds: the exact answer is 90 ms; a noisy machine only adds to it.
    expect(result.latency.decision.p99Ms, 'corrected p99').toBeGreaterThan(60)
    expect(result.latency.decision.p99Ms, 'corrected p99').toBeLessThan(400)
    expect(result.latency.service.p99Ms, 'raw p99').toBeLessThan(20)
    expect(result.latency.service.maxMs, 'raw max').toBeGreaterThanOrEqual(99)
  })

  test('a generator that falls behind makes the run inconclusive, never passed', async () => {
    const result = await runScenario({
      name: 'late_generator',
      seed: 1,
      engine: stallingEngine(() => undefined),
      market,
      load: constantRate({ perSecond: 100, durationMs: 2_000 }),
      clock: new LateClock(),
      criteria: { decisionP99Ms: 1_000 },
    })
    expect(result.state).toBe('inconclusive')
    if (result.state !== 'inconclusive') return
    expect(result.reason).toMatch(/load generator fell behind: schedule lag p99 20\.\d+ ms > 5 ms/)
  })

  test('a stalled engine is FAILED on what it caused alone, never inconclusive: 3 runs on the real clock', async () => {
    // 100 ms busy stall once a second at 1000/s: ~90 ms p99 against 15 ms. Whatever this
    // machine does to the generator meanwhile, the part of the latency the engine caused alone
    // exceeds the threshold, so the verdict is the engine's.
    for (let run = 0; run < 3; run++) {
      const result = await runScenario({
        name: 'co_stall_verdict',
        seed: 1,
        engine: stallingEngine(busyWait),
        market,
        load: constantRate({ perSecond: 1_000, durationMs: 3_000 }),
        clock: systemClock(),
        criteria: { decisionP99Ms: 15 },
        services: false,
      })
      expect(result.state, `run ${run}: ${JSON.stringify(result.latency.scheduleLag)}`).toBe(
        'failed',
      )
      if (result.state !== 'failed') return
      const ids = result.failures.map((f) => f.id)
      expect(ids.includes('decision_p99_ms') || ids.includes('engine_p99_ms'), ids.join()).toBe(
        true,
      )
      expect(result.latency.engine.p99Ms, 'what the engine caused alone').toBeGreaterThan(60)
    }
  })

  test('exact: the engine-caused latency of a stall on a punctual generator equals the corrected one', async () => {
    const clock = new VirtualClock()
    const result = await runScenario({
      name: 'co_engine_exact',
      seed: 1,
      engine: stallingEngine((ms) => clock.advance(ms)),
      market,
      load: constantRate({ perSecond: 1_000, durationMs: 5_000 }),
      clock,
    })
    expect(result.latency.engine.p99Ms, 'engine p99').toBe(90.047)
    expect(result.latency.engine.maxMs, 'engine max').toBe(100)
  })

  test('a breach is judged even when the generator fell behind: FAILED, and the timing is inconclusive', async () => {
    const result = await runScenario({
      name: 'late_and_breaching',
      seed: 1,
      engine: { decide: () => ({ verdict: 'approve' }), limits: { maxPositionUsd: 1_000 } },
      market,
      load: constantRate({ perSecond: 100, durationMs: 2_000 }),
      clock: new LateClock(),
      criteria: { decisionP99Ms: 1_000 },
    })
    expect(result.state).toBe('failed')
    if (result.state !== 'failed') return
    expect(result.failures.map((f) => f.id)).toEqual(['hard_limit_breaches'])
    expect(result.timingInconclusive).toMatch(
      /load generator fell behind: schedule lag p99 20\.\d+ ms > 5 ms/,
    )
  })
})
