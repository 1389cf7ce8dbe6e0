import type { Clock } from '../common/clock.js'
import { settleWithin } from '../common/settle-within.js'
import type { StateChange } from '../contract/trading.js'
import type { FaultPhase } from '../faults/fault-timeline.js'
import type { RedisControlReport } from '../governor/redis-control.js'
import type { EnvironmentFingerprint } from '../metrics/environment.js'
import type { PipelineReport } from './decision-pipeline.js'
import type { Driven } from './drive.js'
import type { LinkObservation } from './link-monitor.js'
import type { OpenRun } from './open-run.js'
import type { ScenarioPlan } from './resolve-spec.js'
import { RUN_DEFAULTS } from './run-defaults.js'
import type { TradingSession } from './trading-session.js'
import type { VenueLog } from './venue-session.js'

/** Everything stopped, and what each part reported when it stopped. */
export interface Ended {
  readonly faultPhases: readonly FaultPhase[]
  readonly pipeline: PipelineReport | undefined
  readonly venueLog: VenueLog | undefined
  /** The engine's own account of its trading states. */
  readonly states: readonly StateChange[]
  readonly link: LinkObservation | undefined
  readonly control: RedisControlReport | undefined
  readonly environment: EnvironmentFingerprint
}

/**
 * After the last dispatch: waits for the answers still due (the rest become errors), runs the
 * market to the end, lets the faults finish and the pipeline drain, lets working orders finish,
 * flattens what the engine holds (a few tries on a venue), then stops every part.
 *
 * @example
 * const ended = await windDown(plan, run, trading, driven)
 */
export async function windDown(
  plan: ScenarioPlan,
  run: OpenRun,
  trading: TradingSession,
  driven: Driven,
): Promise<Ended> {
  const { outcome } = driven
  // Simulated time waits on its own clock: an answer that never comes costs no wall time.
  const stuck = await drain(outcome.inFlight, plan.drainTimeoutMs, plan.simulation?.clock)
  for (let i = 0; i < stuck; i++) {
    driven.flow.unanswered(
      outcome.endedAtMs,
      `no answer within drainTimeoutMs (${plan.drainTimeoutMs} ms) after the last dispatch`,
    )
  }
  // Simulated time lives out the whole schedule (it costs nothing): the market's last ticks
  // arrive at their own times.
  if (plan.simulation) await plan.clock.sleepUntil(trading.time.startMs + plan.load.durationMs)
  trading.advanceMarket(plan.load.durationMs)
  const faultPhases = driven.faults ? await driven.faults.done : []
  const pipeline = await run.pipeline?.drain(plan.drainTimeoutMs)
  const venueLog = await flattenAtEnd(plan, trading)
  const states = trading.engine.stateLog()
  const link = driven.link?.stop()
  const control = await driven.control?.stop()
  trading[Symbol.dispose]()
  plan.simulation?.dispose()
  if (venueLog) trading.ledger.mark(trading.market.tickAt(plan.load.durationMs))
  const environment = driven.probe.stop()
  run.abandon.settle()
  return { faultPhases, pipeline, venueLog, states, link, control, environment }
}

/**
 * On a venue, working orders finish before what is actually held is flattened, and the flatten
 * is tried again (a few times) when the venue rejects part of it. Returns the venue's log.
 */
async function flattenAtEnd(
  plan: ScenarioPlan,
  trading: TradingSession,
): Promise<VenueLog | undefined> {
  const { desk } = trading
  await desk.quiesce(plan.drainTimeoutMs)
  const attempts = desk.broker ? RUN_DEFAULTS.venueFlattenAttempts : 1
  for (let attempt = 0; attempt < attempts; attempt++) {
    const orders = await trading.engine.flatten()
    if (orders.length === 0) break
    trading.sendEngineOrders(orders)
    await desk.quiesce(plan.drainTimeoutMs)
  }
  return desk.quiesce(plan.drainTimeoutMs)
}

/** Waits for the decisions in flight, at most `timeoutMs`; returns how many never answered. */
async function drain(
  inFlight: ReadonlySet<PromiseLike<void>>,
  timeoutMs: number,
  clock: Clock | undefined,
): Promise<number> {
  if (inFlight.size === 0) return 0
  await settleWithin(Promise.allSettled([...inFlight]), timeoutMs, clock)
  return inFlight.size
}
