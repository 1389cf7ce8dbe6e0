import { beforeAll, describe, expect, test } from 'vitest'
import { VirtualClock } from '../src/common/clock.js'
import { constantRate } from '../src/load/constant-rate.js'
import { flashCrash } from '../src/market/flash-crash.js'
import { runScenario } from '../src/scenario/run-scenario.js'
import type { ScenarioResult } from '../src/scenario/scenario-result.js'
import { virtualRun } from '../test/helpers/virtual-run.js'
import './matcher-types.js'
import { stressMatchers } from './matchers.js'

expect.extend(stressMatchers)

let result: ScenarioResult
let breaching: ScenarioResult

beforeAll(async () => {
  result = await virtualRun('quiet_engine')
  breaching = await virtualRun('leaky_engine', { approveAll: true })
})

describe('stressgate matchers', () => {
  test('pass and fail on the measured values', () => {
    expect(result).toHaveP99Below(2.5)
    expect(result).not.toHaveP99Below(2)
    expect(result).toHavePercentileBelow(90, 0.5)
    expect(result).toHaveP99Below(0.1, 'scheduleLag')
    expect(result).toHaveZeroBreaches()
    expect(result).toHaveMaxDrawdownBelow(1)
    expect(result).toEndFlat()
    expect(result).toHaveScheduleLagBelow(0.1)
    expect(breaching).not.toHaveZeroBreaches()
    expect(breaching).not.toEndFlat()
  })

  test('a failing latency assertion names the scenario, the threshold and the actual value', () => {
    expect(() => expect(result).toHaveP99Below(1)).toThrowError(
      'quiet_engine: expected decision latency p99 < 1 ms, actual 2.000 ms (threshold 1.000 ms)\n  decision latency p50 0.000 ms, p90 0.000 ms, p99 2.000 ms, max 2.000 ms over 100 decisions (seed 9, constant 100/s for 1000 ms)',
    )
    expect(() => expect(result).not.toHaveP99Below(3)).toThrowError(
      /quiet_engine: expected NOT decision latency p99 < 3 ms, actual 2\.000 ms/,
    )
    expect(() => expect(result).toHavePercentileBelow(99.9, 1, 'service')).toThrowError(
      /quiet_engine: expected service time p99_9 < 1 ms, actual 2\.000 ms/,
    )
  })

  test('a breach failure lists the orders that breached', () => {
    expect(() => expect(breaching).toHaveZeroBreaches()).toThrowError(
      /leaky_engine: expected hard-limit breaches == 0, actual \d+ \(threshold 0\)\n {2}first breaches:\n {4}leaky_engine-\d+ at \d+ ms: ES maxPositionUsd [\d.]+ > 1000/,
    )
    expect(() => expect(breaching).toEndFlat()).toThrowError(
      /leaky_engine: expected final position == 0, actual \d+ \(threshold 0\); open positions: ES -?\d+/,
    )
    expect(() => expect(result).toHaveMaxDrawdownBelow(0.0001)).not.toThrow()
  })

  test('misuse is a clear error naming the bad value and the fix', () => {
    expect(() => expect({ p99: 3 }).toHaveP99Below(15)).toThrowError(
      'toHaveP99Below: expected the ScenarioResult returned by runScenario(), got an object with keys [p99]. Write: const result = await runScenario({...}); expect(result).toHaveP99Below(...)',
    )
    expect(() => expect(result).toHaveP99Below(-1)).toThrowError(
      /toHaveP99Below: ms must be a number > 0, got number -1\. Example: expect\(result\)\.toHaveP99Below\(15\)/,
    )
    expect(() => expect(result).toHaveP99Below(5, 'p99' as 'decision')).toThrowError(
      /metric string "p99" is not one of 'decision', 'service', 'scheduleLag', 'pipeline'/,
    )
    expect(() => expect(result).toHavePercentileBelow(101, 5)).toThrowError(
      /percentile must be a number in \(0, 100\], got number 101/,
    )
  })

  test('latency from an inconclusive run cannot pass, even negated', () => {
    const inconclusive: ScenarioResult = {
      ...result,
      state: 'inconclusive',
      reason: 'the load generator fell behind',
    }
    expect(() => expect(inconclusive).toHaveP99Below(100)).toThrowError(
      'quiet_engine: toHaveP99Below cannot be judged, the run is inconclusive: the load generator fell behind',
    )
    expect(() => expect(inconclusive).not.toHaveP99Below(0.5)).toThrowError(/inconclusive/)
  })
})

describe('throughput, error rate and memory matchers', () => {
  test('measure what they say, with the scenario in the message', async () => {
    const clock = new VirtualClock()
    let n = 0
    const flaky = await runScenario({
      name: 'flaky_engine',
      seed: 2,
      clock,
      engine: {
        decide: () => {
          clock.advance(1)
          if (n++ % 4 === 0) throw new Error('engine down')
          return { verdict: 'reject', reason: 'x' }
        },
      },
      market: flashCrash({ overMs: 200, volatilityPct: 0 }),
      load: constantRate({ perSecond: 100, durationMs: 1_000 }),
    })
    expect(flaky).toHaveErrorRateBelow(25.1)
    expect(() => expect(flaky).toHaveErrorRateBelow(25)).toThrowError(
      /^flaky_engine: expected error rate < 25%, actual 25\.000% \(threshold 25\.000%\); first errors: flaky_engine-0: Error: engine down \| flaky_engine-4: Error: engine down/,
    )
    // 75 answered decisions over the run's wall time.
    const perSecond = (75 / flaky.durationMs) * 1000
    expect(flaky).toHaveThroughputAbove(perSecond - 0.001)
    expect(flaky).not.toHaveThroughputAbove(perSecond)
    expect(flaky).toHaveMemoryGrowthBelow(512 * 1024 * 1024)
    expect(() => expect(flaky).toHaveMemoryGrowthBelow(-1)).toThrowError(
      /bytes must be a number > 0, got number -1/,
    )
  })
})

describe('order-level matchers need an order log', () => {
  test('on an instant-fill run they say what to add', () => {
    expect(() => expect(result).toHaveNoOrderLeaks()).toThrowError(
      /quiet_engine: toHaveNoOrderLeaks needs an order log; this run filled instantly\. Give the scenario a venue/,
    )
    expect(() => expect(result).toBeReconciled()).toThrowError(/toBeReconciled needs an order log/)
    expect(() => expect(result).toRecoverWithin(25_000)).toThrowError(
      /toRecoverWithin found no outage to recover from/,
    )
  })
})

describe('the window form', () => {
  // 3 s at 100/s on a virtual clock; decision 150 (at 1500 ms) stalls 50 ms, so decisions
  // 150..154 answer after 50, 40, 30, 20 and 10 ms; everything else at once.
  let stalled: ScenarioResult
  beforeAll(async () => {
    const clock = new VirtualClock()
    let n = 0
    stalled = await runScenario({
      name: 'one_stall',
      seed: 4,
      clock,
      engine: {
        decide: () => {
          if (n++ === 150) clock.advance(50)
          return { verdict: 'reject', reason: 'x' }
        },
      },
      market: flashCrash({ overMs: 200, volatilityPct: 0 }),
      load: constantRate({ perSecond: 100, durationMs: 3_000 }),
    })
  })

  test('every 1 s window: the stalled second holds the worst p99 (the 99th of 100 is 40 ms)', () => {
    expect(stalled).toHaveP99Below(40.1, { everyWindowMs: 1_000 })
    expect(() => expect(stalled).toHaveP99Below(40, { everyWindowMs: 1_000 })).toThrowError(
      /^one_stall: expected decision latency p99 < 40 ms in every 1000 ms window, actual 40\.031 ms \(threshold 40\.000 ms\) in worst window starts at 1000 ms/,
    )
  })

  test('every 2 s window: 200 decisions, the 198th is 30 ms', () => {
    expect(() => expect(stalled).toHaveP99Below(30, { everyWindowMs: 2_000 })).toThrowError(
      /actual 30\.015 ms/,
    )
  })

  test('during a phase: the seconds it touches; an unknown phase names the known ones', () => {
    const withPhase: ScenarioResult = {
      ...stalled,
      faults: [{ name: 'blip', start: 1_400, end: 1_700 }],
    }
    expect(() => expect(withPhase).toHaveP99Below(40, { during: 'fault:blip' })).toThrowError(
      /decision latency p99 < 40 ms during blip, actual 40\.031 ms .* in blip \(1400-1700 ms\)/,
    )
    expect(() => expect(withPhase).toHaveP99Below(40, { during: 'fault:nope' })).toThrowError(
      `one_stall: no phase "fault:nope"; the run's phases are 'fault:blip'.`,
    )
    expect(() => expect(stalled).toHaveP99Below(40, { everyWindowMs: 1_500 })).toThrowError(
      /must be a whole number of seconds/,
    )
  })
})

describe('latency matchers in simulated time', () => {
  test('refuse to judge a latency the run never measured, and say where to measure it', async () => {
    const simulated = await runScenario({
      name: 'sim_latency',
      seed: 4,
      time: 'simulated',
      engine: { decide: () => ({ verdict: 'reject', reason: 'x' }) },
      market: flashCrash({ overMs: 200, volatilityPct: 0 }),
      load: constantRate({ perSecond: 100, durationMs: 1_000 }),
      services: false,
    })
    expect(simulated.state).toBe('passed')
    expect(() => expect(simulated).toHaveP99Below(15)).toThrow(
      /sim_latency: toHaveP99Below judges latency, and this run was in simulated time/,
    )
    expect(() => expect(simulated).toHaveThroughputAbove(10)).toThrow(/time: 'real'/)
    expect(() => expect(simulated).toHaveScheduleLagBelow(1)).toThrow(/simulated time/)
    // What does not depend on time is judged as ever.
    expect(simulated).toHaveZeroBreaches()
    expect(simulated).toEndFlat()
  })
})
