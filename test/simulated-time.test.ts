import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import { constantLatency } from '../src/broker/latency.js'
import type { Decision } from '../src/contract/trading.js'
import { brokerHalfOpen } from '../src/faults/broker-faults.js'
import { eventLoopStall } from '../src/faults/event-loop-stall.js'
import { referenceGovernor } from '../src/governor/reference-governor.js'
import { constantRate } from '../src/load/constant-rate.js'
import { gbm } from '../src/market/jump-diffusion.js'
import { engineUnderTest } from '../src/scenario/engine-under-test.js'
import { runScenario } from '../src/scenario/run-scenario.js'
import type { ScenarioSpec } from '../src/scenario/scenario-spec.js'
import { simulatedOutage } from './helpers/simulated-outage.js'

const run = promisify(execFile)
const repo = join(import.meta.dirname, '..')

/** The simulated outage in a process of its own: its digest and a few figures. */
async function inOwnProcess(seed: number): Promise<Record<string, unknown>> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(repo, 'test/helpers/print-digest.ts'), String(seed)],
    { cwd: repo, timeout: 60_000 },
  )
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>
}

const small = (over: Partial<ScenarioSpec> = {}): ScenarioSpec => ({
  name: 'small',
  seed: 5,
  time: 'simulated',
  engine: engineUnderTest({ maxPositionUsd: 50_000, maxDrawdownPct: 15 }),
  market: gbm({ sigma: 0.2 }),
  load: constantRate({ perSecond: 100, durationMs: 1_000 }),
  services: false,
  ...over,
})

describe('simulated time', () => {
  test('the same seed and engine give the same digest in two processes; another seed, another', async () => {
    const [first, second, other] = await Promise.all([
      inOwnProcess(11),
      inOwnProcess(11),
      inOwnProcess(12),
    ])
    expect(first?.digest, 'a SHA-256 in hex').toMatch(/^[0-9a-f]{64}$/)
    expect(second, 'the whole run, not only the digest').toEqual(first)
    expect(other?.digest, 'another seed').not.toBe(first?.digest)
    // And in this process too: nothing of the run depends on the process it runs in.
    const here = await runScenario(simulatedOutage(11))
    expect(here.digest).toBe(first?.digest)
  }, 120_000)

  test('the outage is found and timed on the one clock: exactly when the link went and came back', async () => {
    const result = await runScenario(simulatedOutage(11))
    expect(result.time).toBe('simulated')
    expect(result.durationMs, 'the run simulated its 10 s').toBeGreaterThanOrEqual(10_000)
    expect(result.decisions.dispatched, 'every decision of the schedule').toBe(10_000)
    expect(result.latency.scheduleLag.maxMs, 'nothing is ever late in simulated time').toBe(0)
    // The disconnect at 3 s is an event of the venue: found at once; the reconnect at 7 s too.
    expect(result.link?.downs).toEqual([3_000])
    expect(result.link?.ups).toEqual([7_000])
    expect(result.control?.channel, 'control flags in process, said so').toBe('in-process')
    expect(result.control?.pauseFlagsRaised, 'the critical pause flag, once').toBe(1)
    expect(result.state, JSON.stringify(result.criteria.filter((c) => !c.pass))).toBe('passed')
  })

  test('a half-open link is found by the heartbeat alone, after the misses it allows', async () => {
    const result = await runScenario(
      small({
        load: constantRate({ perSecond: 100, durationMs: 4_000 }),
        venue: { entryLatency: constantLatency(2), fillLatency: constantLatency(3) },
        heartbeat: { intervalMs: 200, timeoutMs: 100, misses: 2 },
        faults: [{ at: 1_000, duration: 1_500, fault: brokerHalfOpen() }],
      }),
    )
    // Pings leave every 200 ms and are answered within 100 ms. The link goes half-open at
    // 1,000 ms: the pings of 1,000 and 1,200 ms go unanswered, each found at its 100 ms
    // timeout, so the second miss, at 1,300 ms, declares the link down.
    expect(result.link?.downs).toEqual([1_300])
    // Every ping of the outage goes unanswered: those of 1,000 to 2,400 ms, eight.
    expect(result.link?.missedHeartbeats).toBe(8)
    // The fault ends with a reconnect at 2,500 ms, an event the venue reports: up at once.
    expect(result.link?.ups).toEqual([2_500])
  })

  test('an engine that reads Date.now() is found out and named, and the run fails for it', async () => {
    const governor = referenceGovernor({ maxPositionUsd: 50_000, maxDrawdownPct: 15 })
    const result = await runScenario(
      small({
        engine: {
          limits: governor.limits,
          decide: (request): Decision => {
            if (Date.now() < 0) throw new Error('never')
            return governor.decide(request)
          },
        },
      }),
    )
    expect(result.wallClockReads).toEqual([{ what: 'Date.now()', during: 'decide', calls: 100 }])
    expect(result.state).toBe('failed')
    const failed = result.criteria.find((c) => c.id === 'wall_clock_reads')
    expect(failed?.pass).toBe(false)
    expect(failed?.description).toMatch(/it called Date\.now\(\) x100 in decide/)
  })

  test('a timer set by the engine is named too, under the call that set it', async () => {
    const governor = referenceGovernor({ maxPositionUsd: 50_000, maxDrawdownPct: 15 })
    const result = await runScenario(
      small({
        engine: {
          limits: governor.limits,
          decide: (request) =>
            new Promise<Decision>((resolve) =>
              setTimeout(() => resolve(governor.decide(request)), 0),
            ),
        },
      }),
    )
    expect(result.wallClockReads).toEqual([{ what: 'setTimeout()', during: 'decide', calls: 100 }])
    expect(result.state).toBe('failed')
  })

  test('the daily loss limit is judged on the harness books: trading on after it is a leak', async () => {
    const falling = (maxDailyLossUsd?: number): ScenarioSpec =>
      small({
        // Built by the run, on its simulated clock (a governor of the test's own would time
        // its halt by the process' clock, and be named for it).
        engine: engineUnderTest({
          maxPositionUsd: 100_000,
          maxDrawdownPct: 50,
          ...(maxDailyLossUsd === undefined ? {} : { maxDailyLossUsd }),
        }),
        limits: { maxPositionUsd: 100_000, maxDailyLossUsd: 500 },
        market: gbm({ sigma: 0.2, mu: -400, tickMs: 100 }),
        load: constantRate({ perSecond: 50, durationMs: 60_000 }),
        strategy: { buyProbability: 0.7 },
        venue: { entryLatency: constantLatency(2), fillLatency: constantLatency(3) },
        criteria: { noOrderLeaks: true },
      })
    const halts = await runScenario(falling(500))
    const window = halts.controlWindows?.find((w) => w.kind === 'loss_limit')
    expect(window, 'the harness saw the limit reached').toBeDefined()
    expect(window?.engineOrders, 'the governor flattened at it').toBeGreaterThan(0)
    expect(halts.state, JSON.stringify(halts.criteria.filter((c) => !c.pass))).toBe('passed')
    const tradesOn = await runScenario(falling(undefined))
    expect(tradesOn.controlWindows?.find((w) => w.kind === 'loss_limit')?.startMs).toBe(
      window?.startMs,
    )
    expect(tradesOn.state).toBe('failed')
    expect(tradesOn.criteria.find((c) => c.id === 'order_leaks')?.pass).toBe(false)
  })

  test('what needs real time is refused before anything runs, naming it', async () => {
    await expect(runScenario(small({ pipeline: true }))).rejects.toThrow(
      /pipeline: true measures the Redis decision queue's latency, which needs real I\/O and real time/,
    )
    await expect(
      runScenario(small({ faults: [{ at: 100, fault: eventLoopStall({ ms: 50 }) }] })),
    ).rejects.toThrow(/the fault\(s\) 'event_loop_stall' need real time/)
    await expect(runScenario(small({ criteria: { decisionP99Ms: 15 } }))).rejects.toThrow(
      /the criteria decisionP99Ms judge latency, and simulated time measures none/,
    )
    const remote = {
      remote: 'http://127.0.0.1:9/decide',
      decide: () => ({ verdict: 'approve' as const }),
    }
    await expect(runScenario(small({ engine: remote }))).rejects.toThrow(
      /reached over http:\/\/127\.0\.0\.1:9\/decide: its answers take real I\/O/,
    )
  })

  test('an engine that never answers costs no wall time: its decisions are unanswered on the simulated clock', async () => {
    const result = await runScenario(
      small({ engine: { decide: () => new Promise<Decision>(() => undefined) } }),
    )
    expect(result.decisions.unanswered).toBe(100)
    expect(result.state).toBe('failed')
  })
})

describe('one clock for a whole run', () => {
  test('STRESSGATE_TIME=real does not turn a simulated day into a day of waiting', async () => {
    const { resolveSpec } = await import('../src/scenario/resolve-spec.js')
    const day = small({ load: constantRate({ perSecond: 1, durationMs: 6.5 * 3_600_000 }) })
    expect(() => resolveSpec(day, { STRESSGATE_TIME: 'real' })).toThrow(
      /simulates 6\.5 h, and STRESSGATE_TIME=real \(stressgate certify --time real\) would run it for as long/,
    )
    expect(resolveSpec(small(), { STRESSGATE_TIME: 'real' }).time).toBe('real')
    expect(resolveSpec(day, {}).time).toBe('simulated')
  })
})
