import { z } from 'zod'
import type { Clock } from '../common/clock.js'
import { StressgateError } from '../common/stressgate-error.js'
import type { RiskEngine } from '../contract/risk-engine.js'
import type { HardLimits } from '../contract/trading.js'
import type { FaultTimelineEntry } from '../faults/fault-timeline.js'
import type { ArrivalSchedule } from '../load/schedule.js'
import type { MarketSpec } from '../market/market-path.js'
import type { ServicesContext } from './ambient-services.js'
import { criteriaSchema } from './criteria-registry.js'
import type { ScenarioCriteria } from './criterion.js'
import { type EngineUnderTest, isEngineUnderTest } from './engine-under-test.js'
import type { VenueSpec } from './venue-session.js'

/** The strategy mix that generates decision requests. */
export interface StrategyOptions {
  /** Probability that a request buys. @default 0.6 (drives positions into the limits) */
  buyProbability?: number
  /** Smallest order, in shares. @default 10 */
  minQuantity?: number
  /** Largest order, in shares. @default 200 */
  maxQuantity?: number
  /** Limit price distance from the mid, in basis points (marketable limit). @default 50 */
  collarBps?: number
}

/**
 * A scenario as plain data, like a k6 options block: who is tested, the market, the load, the
 * faults and the pass criteria.
 */
export interface ScenarioSpec {
  /** snake_case name; the key of the scenario in the certification report. */
  name: string
  /** Seeds the market path and the strategy mix: same seed, same inputs. */
  seed: number
  /**
   * The system under test: an engine, or `engineUnderTest(limits)` for the run's engine module
   * (the reference governor when none is configured) built with those limits.
   */
  engine: RiskEngine | EngineUnderTest
  market: MarketSpec
  load: ArrivalSchedule
  /**
   * Fault timeline: network toxics on a proxy, a proxy down, event-loop stalls, clock skew,
   * memory pressure, each `at` ms after the start `for duration` ms. Needs the real clock.
   * @default []
   */
  faults?: readonly FaultTimelineEntry[]
  /** Pass criteria evaluated by `runScenario`; matchers can assert more. @default {} */
  criteria?: ScenarioCriteria
  /** Limits the harness checks each fill against. @default engine.limits */
  limits?: HardLimits
  /** @default 1_000_000 */
  startingCashUsd?: number
  strategy?: StrategyOptions
  /**
   * Generator lag p99 (ms) above which the run is `inconclusive`: the load generator, not the
   * engine, was late, so latencies would be understated. @default 5
   */
  maxScheduleLagMs?: number
  /**
   * The first `warmupMs` of the schedule warm the engine and the harness up (JIT, connections),
   * as wrk2's calibration does: their decisions are dispatched, answered, traded and judged like
   * any other, but left out of the decision latency and the schedule lag. @default 0
   */
  warmupMs?: number
  /** How long to wait for decisions still in flight after the last dispatch. @default 5000 */
  drainTimeoutMs?: number
  /**
   * The acknowledgement grace: how long after a pause or emergency-stop flag is raised, or the
   * broker link is found down, the engine may still send risk-increasing orders before they
   * count as leaks. The measured flag-to-effect latency is in `controlWindows`. @default 1000
   */
  controlGraceMs?: number
  /**
   * Most decisions waiting for the engine at once; a decision due beyond it is dropped, counted
   * (`decisions.dropped`) and fails the built-in criterion `decisions_dropped == 0`. Bounds the
   * harness' memory when an engine stops answering. @default unlimited
   */
  maxInFlight?: number
  /**
   * Send every verdict through the Redis decision queue and measure the pipeline latency
   * (intended start -> read by the queue's consumer) and the backlog. Needs Redis.
   * @default false
   */
  pipeline?: boolean
  /**
   * Trade on a seeded simulated broker (latencies, partial fills, fees, rejects, link failures)
   * instead of filling at once; the run then checks the portfolio invariants on its order log.
   * @default instant fills at the market
   */
  venue?: VenueSpec
  /** The broker-link heartbeat (venue runs on the real clock). @default every 1000 ms, 500 ms to answer, 2 misses */
  heartbeat?: { intervalMs?: number; timeoutMs?: number; misses?: number }
  /**
   * Attach the Redis control loop to the engine, which must have the `control` capability:
   * `governor.pause` pauses and resumes it, `governor.emergency_stop` stops it, and for an engine
   * that reports its state (`state`), the critical pause flag is raised when it pauses for a lost
   * broker link. Needs Redis. @default false
   */
  redisControl?: boolean
  /**
   * The clock of the run. `'simulated'`: one discrete-event scheduler drives everything
   * (arrivals, ticks, the venue, heartbeats, faults, control flags), so the run is exact, the
   * same on every machine (its `digest` shows it) and takes milliseconds; judge correctness
   * here. Latency is not measured in simulated time (the engine takes none). `'real'`: the
   * process' clock, for latency SLOs. `STRESSGATE_TIME` / `stressgate certify --time` override
   * it for a whole run. @default 'real'
   */
  time?: 'simulated' | 'real'
  /**
   * A clock for exact tests of the measurement itself (a `VirtualClock` the engine advances to
   * play a stall). Not with `time: 'simulated'`. @default the process' monotonic clock
   */
  clock?: Clock
  /**
   * Redis and PostgreSQL for live state and history. `false` runs without them.
   * @default the services the Vitest plugin provisioned, if any
   */
  services?: ServicesContext | false
}

/** The spec was malformed: the message names the field, the bad value and the fix. */
export class ScenarioSpecError extends StressgateError {
  readonly code = 'STRESSGATE_SCENARIO_SPEC'
}

const positive = z.number().finite().positive()
const schema = z.object({
  name: z
    .string()
    .regex(
      /^[a-z][a-z0-9_]*$/,
      'must be snake_case (lowercase letters, digits, _), e.g. "flash_crash"',
    ),
  seed: z.number().int('must be an integer, e.g. 42'),
  engine: z.custom<RiskEngine | EngineUnderTest>(
    (v) => typeof (v as { decide?: unknown } | null)?.decide === 'function' || isEngineUnderTest(v),
    'must implement RiskEngine: an object with decide(request), e.g. referenceGovernor({...}), or be engineUnderTest({ maxPositionUsd, maxDrawdownPct })',
  ),
  market: z.custom<MarketSpec>(
    (v) => typeof (v as { build?: unknown } | null)?.build === 'function',
    'must be a market model, e.g. flashCrash({ dropPct: 15 })',
  ),
  load: z.custom<ArrivalSchedule>(
    (v) => typeof (v as { offsetMs?: unknown } | null)?.offsetMs === 'function',
    'must be an arrival schedule, e.g. constantRate({ perSecond: 1_000, durationMs: 10_000 })',
  ),
  faults: z
    .array(
      z.custom<FaultTimelineEntry>(
        (v) => typeof (v as { fault?: { apply?: unknown } } | null)?.fault?.apply === 'function',
        'must be a fault timeline entry, e.g. { at: 2_000, duration: 5_000, fault: proxyDown(proxy) }',
      ),
    )
    .optional(),
  startingCashUsd: positive.optional(),
  maxScheduleLagMs: positive.optional(),
  drainTimeoutMs: positive.optional(),
  warmupMs: z.number().finite().nonnegative().optional(),
  controlGraceMs: z.number().finite().nonnegative().optional(),
  maxInFlight: z.number().int().positive().optional(),
  pipeline: z.boolean().optional(),
  venue: z.object({}).passthrough().optional(),
  heartbeat: z
    .object({
      intervalMs: positive.optional(),
      timeoutMs: positive.optional(),
      misses: z.number().int().positive().optional(),
    })
    .strict()
    .optional(),
  redisControl: z.boolean().optional(),
  time: z.enum(['simulated', 'real']).optional(),
  services: z
    .union([
      z.literal(false),
      z.object({
        runId: z.string().min(1),
        connections: z
          .object({ redis: z.object({ url: z.string() }), postgres: z.object({ url: z.string() }) })
          .passthrough(),
      }),
    ])
    .optional(),
  strategy: z
    .object({
      buyProbability: z.number().min(0).max(1).optional(),
      minQuantity: z.number().int().positive().optional(),
      maxQuantity: z.number().int().positive().optional(),
      collarBps: z.number().nonnegative().optional(),
    })
    .optional(),
  criteria: criteriaSchema.optional(),
})

/**
 * Checks a spec before anything runs; throws {@link ScenarioSpecError} listing every problem.
 *
 * @example
 * validateSpec({ name: 'Flash Crash', ... }) // throws: name: must be snake_case ... (got "Flash Crash")
 */
export function validateSpec(spec: ScenarioSpec): void {
  const parsed = schema.safeParse(spec)
  if (parsed.success) return
  const lines = parsed.error.issues.map((issue) => {
    const path = issue.path.join('.')
    let got: unknown = spec
    for (const key of issue.path) got = (got as Record<PropertyKey, unknown> | undefined)?.[key]
    const shown = typeof got === 'object' && got !== null ? '[object]' : JSON.stringify(got)
    return `  - ${path || '(spec)'}: ${issue.message} (got ${shown})`
  })
  const name = typeof spec?.name === 'string' ? ` "${spec.name}"` : ''
  throw new ScenarioSpecError(`Invalid scenario${name}:\n${lines.join('\n')}`, {
    cause: parsed.error,
  })
}
