import { type RunningFaultTimeline, startFaultTimeline } from '../faults/fault-timeline.js'
import { attachInProcessControl, ControlBoard } from '../governor/in-process-control.js'
import { attachRedisControl, type RedisControl } from '../governor/redis-control.js'
import { driveOpenLoop, type OpenLoopOutcome } from '../load/open-loop-driver.js'
import { type EnvironmentProbe, startEnvironmentProbe } from '../metrics/environment.js'
import { DecisionFlow } from './decision-flow.js'
import { type LinkMonitor, startLinkMonitor } from './link-monitor.js'
import type { OpenRun } from './open-run.js'
import type { ScenarioPlan } from './resolve-spec.js'
import type { TradingSession } from './trading-session.js'

/** What the load phase left behind, for the wind-down. */
export interface Driven {
  readonly outcome: OpenLoopOutcome
  /** ISO-8601 wall time the load started. */
  readonly startedAt: string
  /** `performance.now()` when the load started: the run's wall time, in either clock. */
  readonly wallStartMs: number
  readonly flow: DecisionFlow
  readonly probe: EnvironmentProbe
  readonly link: LinkMonitor | undefined
  readonly control: RedisControl | undefined
  readonly faults: RunningFaultTimeline | undefined
}

/**
 * The load phase: starts the environment probe, the broker heartbeat, the Redis control loop
 * and the fault timeline, then dispatches every decision of the schedule open loop.
 *
 * @example
 * const driven = await drive(plan, run, trading)
 * driven.outcome.dispatched
 */
export async function drive(
  plan: ScenarioPlan,
  run: OpenRun,
  trading: TradingSession,
): Promise<Driven> {
  const flow = new DecisionFlow(plan, run, trading)
  const probe = startEnvironmentProbe({ measure: plan.measureEnvironment })
  run.abandon.add(() => probe.stop())
  const startedAt = new Date().toISOString()
  const wallStartMs = performance.now()
  trading.time.start()
  trading.advanceMarket(0)
  const stopTicks = startMarketTicks(plan, trading)
  run.abandon.add(stopTicks)
  // A run that throws part-way leaves nothing scheduled behind it.
  run.abandon.add(() => plan.simulation?.dispose())
  const link = startHeartbeat(plan, trading)
  // Simulated time: the control flags live in process, on the simulated clock.
  const board = plan.simulation ? new ControlBoard() : undefined
  const control = startControl(plan, run, trading, board)
  run.abandon.add(() => link?.stop())
  run.abandon.add(() => control?.stop())
  const faults =
    plan.faults.length === 0
      ? undefined
      : startFaultTimeline(plan.faults, {
          clock: plan.clock,
          endMs: plan.load.durationMs,
          context: {
            scenario: plan.name,
            runId: plan.runId,
            ...(trading.desk.broker ? { broker: trading.desk.broker } : {}),
            ...(run.redis ? { redis: run.redis } : {}),
            ...(board ? { control: board } : {}),
          },
        })
  run.abandon.add(() => faults?.stop())
  const outcome = await driveOpenLoop({
    schedule: plan.load,
    clock: plan.clock,
    fire: flow.fire,
    engineBusy: flow.engineBusy,
    // The warm-up's decisions are dispatched and judged, but not timed.
    onLag: (lagMs, offsetMs) => {
      if (offsetMs >= plan.warmupMs) run.telemetry.lag(lagMs)
    },
    ...(plan.maxInFlight === undefined ? {} : { maxInFlight: plan.maxInFlight }),
  }).catch(async (error: unknown) => {
    await faults?.stop()
    throw error
  })
  return { outcome, startedAt, wallStartMs, flow, probe, link, control, faults }
}

/**
 * Simulated time: every market tick is an event of its own, delivered when it happens, whether
 * a decision is due then or not (in real time the market moves with each decision). Ends by
 * itself after the last tick of the path.
 */
function startMarketTicks(plan: ScenarioPlan, trading: TradingSession): () => void {
  const sim = plan.simulation
  if (!sim) return () => undefined
  let stopped = false
  let event: { cancel(): boolean } | undefined
  const next = (): void => {
    const atMs = trading.market.nextTickMs
    if (stopped || atMs === undefined) return
    event = sim.at(trading.time.startMs + atMs, () => {
      trading.advanceMarket(atMs)
      next()
    })
  }
  next()
  return () => {
    stopped = true
    event?.cancel()
  }
}

/** The heartbeat on the venue's link, on the run's ticker (none on an exact-test clock). */
function startHeartbeat(plan: ScenarioPlan, trading: TradingSession): LinkMonitor | undefined {
  const broker = trading.desk.broker
  if (!broker || plan.virtual) return undefined
  const monitor = startLinkMonitor(broker, plan.clock, {
    runStartMs: trading.time.startMs,
    ticker: plan.ticker,
    ...plan.heartbeat,
    onChange: (link) => trading.engine.linkChanged(link),
  })
  trading.watchLink(monitor)
  return monitor
}

/**
 * The control loop on a controllable engine, when the spec asks for it: on the in-process board
 * in simulated time, on Redis in real time.
 */
function startControl(
  plan: ScenarioPlan,
  run: OpenRun,
  trading: TradingSession,
  board: ControlBoard | undefined,
): RedisControl | undefined {
  const engine = trading.engine.controllable
  if (!plan.redisControl || !engine) return undefined
  if (board)
    return attachInProcessControl(engine, board, { clock: plan.clock, ticker: plan.ticker })
  if (!run.redis) return undefined
  return attachRedisControl(engine, run.redis.state, run.redis.client, {
    clock: plan.clock,
    onRedisError: (error) =>
      run.services?.lost('redis', `control flags: ${(error as Error)?.message ?? error}`),
  })
}
