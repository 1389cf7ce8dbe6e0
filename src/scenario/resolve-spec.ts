import { type Clock, systemClock, VirtualClock } from '../common/clock.js'
import { seededRng } from '../common/random.js'
import { Simulation } from '../common/simulation.js'
import { realTicker, simulatedTicker, type Ticker } from '../common/ticker.js'
import type { RiskEngine } from '../contract/risk-engine.js'
import type { DecisionRequest, HardLimits, MarketTick } from '../contract/trading.js'
import type { FaultTimelineEntry } from '../faults/fault-timeline.js'
import type { ArrivalSchedule } from '../load/schedule.js'
import type { MarketPath } from '../market/market-path.js'
import { ambientServices, type ServicesContext } from './ambient-services.js'
import type { ScenarioCriteria } from './criterion.js'
import { type EngineUnderTest, isEngineUnderTest } from './engine-under-test.js'
import { RUN_DEFAULTS, STRATEGY_SEED_SALT } from './run-defaults.js'
import { type ScenarioSpec, ScenarioSpecError, validateSpec } from './scenario-spec.js'
import { requestGenerator } from './strategy.js'
import { seedOf, type TimeMode, timeModeOf } from './time-mode.js'
import type { VenueSpec } from './venue-session.js'

/** A spec checked and completed: every default applied once, the inputs of the run built. */
export interface ScenarioPlan {
  readonly name: string
  readonly seed: number
  /** The engine under test to build (from the run's engine module), or... */
  readonly engineRequest: EngineUnderTest | undefined
  /** ...the engine object the spec gave. */
  readonly engineGiven: RiskEngine | undefined
  readonly load: ArrivalSchedule
  /** Which clock judges the run. */
  readonly time: TimeMode
  /** Simulated time: the one scheduler of the run, whose clock is `clock`. */
  readonly simulation: Simulation | undefined
  readonly clock: Clock
  /** What paces heartbeats and polls: timers, or events of the simulation. */
  readonly ticker: Ticker
  /** On a VirtualClock (exact tests): the venue runs on a virtual scheduler, no heartbeat runs. */
  readonly virtual: boolean
  readonly path: MarketPath
  readonly nextRequest: (index: number, tick: MarketTick) => DecisionRequest
  /** What fills are judged against; undefined on a venue, where the invariants judge each order. */
  readonly ledgerLimits: HardLimits | undefined
  /** The limits of the invariants and the venue report. */
  readonly limits: HardLimits | undefined
  readonly startingCashUsd: number
  readonly maxScheduleLagMs: number
  readonly drainTimeoutMs: number
  /** Decisions intended before this offset are not timed (warm-up). */
  readonly warmupMs: number
  readonly controlGraceMs: number
  readonly maxInFlight: number | undefined
  /** The services of the run; undefined: none. */
  readonly services: ServicesContext | undefined
  readonly runId: string
  readonly faults: readonly FaultTimelineEntry[]
  readonly venue: VenueSpec | undefined
  readonly heartbeat: ScenarioSpec['heartbeat']
  readonly pipeline: boolean
  readonly redisControl: boolean
  readonly criteria: ScenarioCriteria
  /** What of the scenario needs Redis (`what` needs it; drop `option` to do without). */
  readonly redisNeeds: readonly { readonly what: string; readonly option: string }[]
  /** The services the scenario cannot be judged without. */
  readonly dependsOn: readonly ('redis' | 'postgres')[]
  /**
   * Measure the environment (event-loop delay, GC pauses, and the memory the run retains, with a
   * full GC at each end when the process allows it); off for the cases of an exploration, a
   * thousand runs whose environment nobody reads (the one it reports is measured in full).
   */
  readonly measureEnvironment: boolean
}

/**
 * Checks a spec (its shape, what its options and faults need) before anything starts, and
 * resolves every default once. The engine is built and checked next, by `startEngine`.
 *
 * @example
 * const plan = resolveSpec({ name: 'flash_crash', seed: 42, engine, market, load })
 * plan.drainTimeoutMs // 5000
 * // STRESSGATE_TIME and STRESSGATE_SEED (a whole run's clock, a replay's seed) are read from `env`.
 */
export function resolveSpec(
  spec: ScenarioSpec,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ScenarioPlan {
  validateSpec(spec)
  const time = timeModeOf(spec.name, spec.time, env)
  if (time === 'real' && spec.time === 'simulated') checkRealTimeOverride(spec)
  const seed = seedOf(spec.name, spec.seed, env)
  const engineRequest = isEngineUnderTest(spec.engine) ? spec.engine : undefined
  const engineGiven = isEngineUnderTest(spec.engine) ? undefined : spec.engine
  const faults = spec.faults ?? []
  const simulation = time === 'simulated' ? simulatedParts(spec, faults) : undefined
  const clock = simulation?.clock ?? spec.clock ?? systemClock()
  const virtual = clock instanceof VirtualClock
  checkFaults(spec, faults, virtual)
  const services = spec.services === false ? undefined : (spec.services ?? ambientServices())
  // The harness owns the limits: the spec's, or those it asks of the engine under test.
  // In simulated time the control flags are in process: only what is left needs Redis.
  const redisNeeds = [
    ...(spec.pipeline ? [{ what: 'pipeline: true', option: 'pipeline' }] : []),
    ...(spec.redisControl && !simulation
      ? [{ what: 'redisControl: true', option: 'redisControl' }]
      : []),
    ...faults
      .filter((f) => f.fault.requires?.includes('redis') && !(simulation && f.fault.simulated))
      .map((f) => ({ what: `the fault '${f.name ?? f.fault.name}'`, option: 'that fault' })),
  ]
  const limits =
    spec.limits ??
    (engineRequest
      ? {
          maxPositionUsd: engineRequest.limits.maxPositionUsd,
          ...(engineRequest.limits.maxDailyLossUsd === undefined
            ? {}
            : { maxDailyLossUsd: engineRequest.limits.maxDailyLossUsd }),
        }
      : engineGiven?.limits)
  return {
    name: spec.name,
    seed,
    engineRequest,
    engineGiven,
    load: spec.load,
    time,
    simulation,
    clock,
    ticker: simulation ? simulatedTicker(simulation) : realTicker,
    virtual,
    path: spec.market.build(seed, spec.load.durationMs),
    nextRequest: requestGenerator(spec.name, seededRng(seed ^ STRATEGY_SEED_SALT), spec.strategy),
    ledgerLimits: spec.venue ? undefined : limits,
    limits,
    startingCashUsd: spec.startingCashUsd ?? RUN_DEFAULTS.startingCashUsd,
    maxScheduleLagMs: spec.maxScheduleLagMs ?? RUN_DEFAULTS.maxScheduleLagMs,
    drainTimeoutMs: spec.drainTimeoutMs ?? RUN_DEFAULTS.drainTimeoutMs,
    warmupMs: spec.warmupMs ?? 0,
    controlGraceMs: spec.controlGraceMs ?? RUN_DEFAULTS.controlGraceMs,
    maxInFlight: spec.maxInFlight,
    services,
    runId: services?.runId ?? `local-${process.pid}`,
    faults,
    venue: spec.venue,
    heartbeat: spec.heartbeat,
    pipeline: spec.pipeline === true,
    redisControl: spec.redisControl === true,
    criteria: spec.criteria ?? {},
    redisNeeds,
    dependsOn: redisNeeds.length > 0 ? ['redis'] : [],
    measureEnvironment: true,
  }
}

/** Longest schedule a run-wide `STRESSGATE_TIME=real` may force into real time. */
const LONGEST_FORCED_REAL_MS = 10 * 60_000

/** A simulated day forced into real time would take a day: refused, with the way out. */
function checkRealTimeOverride(spec: ScenarioSpec): void {
  const ms = spec.load.durationMs
  if (ms <= LONGEST_FORCED_REAL_MS) return
  throw new ScenarioSpecError(
    `Scenario "${spec.name}" simulates ${(ms / 3_600_000).toFixed(1)} h, and STRESSGATE_TIME=real (stressgate certify --time real) would run it for as long on the wall clock. Run it on its own clock (unset STRESSGATE_TIME), or give it time: 'real' and a load of at most ${LONGEST_FORCED_REAL_MS / 60_000} minutes.`,
  )
}

/** Criteria about time itself: judged in real time only. */
const LATENCY_CRITERIA = [
  'decisionP99Ms',
  'pipelineP99Ms',
  'scheduleLagP99Ms',
  'throughputPerSecond',
] as const

/**
 * The simulation of a `time: 'simulated'` run, after refusing what cannot run on it: a clock of
 * the spec's own, the Redis pipeline (real I/O, measured in real time) and faults that need
 * real time.
 */
function simulatedParts(spec: ScenarioSpec, faults: readonly FaultTimelineEntry[]): Simulation {
  const fix = "Run it with time: 'real' (or unset STRESSGATE_TIME=simulated)"
  if (spec.clock !== undefined) {
    throw new ScenarioSpecError(
      `Scenario "${spec.name}": time: 'simulated' brings its own clock, and the spec gives clock too. Remove clock (simulated time is exact already), or use time: 'real'.`,
    )
  }
  if (spec.pipeline) {
    throw new ScenarioSpecError(
      `Scenario "${spec.name}": pipeline: true measures the Redis decision queue's latency, which needs real I/O and real time; simulated time has no equivalent of it. ${fix}, or drop pipeline.`,
    )
  }
  const latency = LATENCY_CRITERIA.filter((key) => spec.criteria?.[key] !== undefined)
  if (latency.length > 0) {
    throw new ScenarioSpecError(
      `Scenario "${spec.name}": the criteria ${latency.join(', ')} judge latency, and simulated time measures none (the engine takes no time, nothing waits). ${fix} for them, in a scenario of their own.`,
    )
  }
  const real = faults.filter((f) => f.fault.simulated !== true)
  if (real.length > 0) {
    throw new ScenarioSpecError(
      `Scenario "${spec.name}": the fault(s) ${real.map((f) => `'${f.name ?? f.fault.name}'`).join(', ')} need real time (sockets, the event loop, the process' memory); in simulated time only brokerDisconnect, brokerHalfOpen and controlFlag run (faults with simulated: true). ${fix}.`,
    )
  }
  return new Simulation()
}

function checkFaults(
  spec: ScenarioSpec,
  faults: readonly FaultTimelineEntry[],
  virtual: boolean,
): void {
  if (faults.length > 0 && virtual) {
    throw new ScenarioSpecError(
      `Scenario "${spec.name}": faults need the real clock (a fault timeline sleeping on a VirtualClock would move the load's time too). Remove clock, or test the faults alone with startFaultTimeline.`,
    )
  }
  const needVenue = faults.filter((f) => f.fault.requires?.includes('venue'))
  if (needVenue.length > 0 && !spec.venue) {
    throw new ScenarioSpecError(
      `Scenario "${spec.name}": the fault(s) ${needVenue.map((f) => `'${f.name ?? f.fault.name}'`).join(', ')} act on the simulated broker, and this scenario has no venue. Give it one: runScenario({ venue: { entryLatency: constantLatency(2) }, ... }).`,
    )
  }
}
