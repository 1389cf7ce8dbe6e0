import type { Decision, DecisionOutcome, DecisionRequest } from '../contract/trading.js'
import { EngineBusy } from '../load/engine-busy.js'
import type { Dispatch } from '../load/open-loop-driver.js'
import type { OpenRun } from './open-run.js'
import type { ScenarioPlan } from './resolve-spec.js'
import type { TradingSession } from './trading-session.js'
import { checkVerdict } from './verdict.js'

const isPromiseLike = <T>(value: T | PromiseLike<T>): value is PromiseLike<T> =>
  typeof (value as { then?: unknown } | null)?.then === 'function'

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error)

/** When one decision was due and when it reached the engine, for its timings. */
interface Timing {
  readonly intendedMs: number
  /** When the engine was called. */
  readonly calledMs: number
  /** What of its latency is not the engine's: the generator's lag and the harness' work before the call. */
  readonly notEngineMs: number
}

/**
 * One decision's path through the run: the market moves to its intended time, the request is
 * asked of the engine, the answer is timed from the intended start (coordinated-omission
 * corrected), from the call (service time) and as the part the engine caused, classified,
 * queued to the pipeline, and an approval executed on the desk. Only the engine's own calls
 * count as the engine holding the thread (`engineBusy`, for the driver's lag).
 *
 * @example
 * const flow = new DecisionFlow(plan, run, trading)
 * await driveOpenLoop({ schedule, clock, fire: flow.fire, engineBusy: flow.engineBusy, onLag })
 */
export class DecisionFlow {
  readonly #plan: ScenarioPlan
  readonly #run: OpenRun
  readonly #trading: TradingSession
  /** The stretches the engine's own calls held the thread. */
  readonly engineBusy = new EngineBusy()

  constructor(plan: ScenarioPlan, run: OpenRun, trading: TradingSession) {
    this.#plan = plan
    this.#run = run
    this.#trading = trading
  }

  /** Starts the decision scheduled at `dispatch.intendedMs`; a promise while the engine thinks. */
  readonly fire = (dispatch: Dispatch): undefined | Promise<void> => {
    const { index, intendedMs } = dispatch
    const trading = this.#trading
    trading.advanceMarket(trading.time.sinceStart(intendedMs))
    trading.desk.catchUp()
    const request = this.#plan.nextRequest(index, trading.market.tick)
    // Service time starts at the call: market-data handling above counts only in decision latency.
    const calledMs = trading.time.now()
    const timing: Timing = {
      intendedMs,
      calledMs,
      notEngineMs: dispatch.lagMs + (calledMs - dispatch.startedMs),
    }
    let answer: Decision | Promise<Decision>
    try {
      answer = trading.engine.decide(request)
    } catch (error) {
      this.engineBusy.add(calledMs, trading.time.now())
      this.#failed(request, timing, error)
      return undefined
    }
    this.engineBusy.add(calledMs, trading.time.now())
    if (!isPromiseLike(answer)) {
      this.#settle(request, answer, timing)
      return undefined
    }
    return Promise.resolve(answer).then(
      (decision) => this.#settle(request, decision, timing),
      (error: unknown) => this.#failed(request, timing, error),
    )
  }

  /** A decision still unanswered when the run stopped waiting: an error, timed to now. */
  unanswered(atMs: number, message: string): void {
    const timing = { intendedMs: atMs, calledMs: atMs, notEngineMs: 0 }
    this.#record(timing, this.#trading.time.now(), 'error')
    this.#trading.tally.unanswered(message)
  }

  #settle(request: DecisionRequest, decision: Decision, timing: Timing): void {
    const endedMs = this.#trading.time.now()
    const verdict = checkVerdict(request, decision)
    this.#log(request, verdict.outcome, 'quantity' in verdict ? verdict.quantity : undefined)
    this.#record(timing, endedMs, verdict.outcome)
    const { intendedMs } = timing
    this.#run.pipeline?.publish({ id: request.id, intendedMs, verdict: verdict.outcome })
    if (verdict.outcome === 'error') {
      this.#trading.tally.error(verdict.problem)
      return
    }
    this.#trading.tally.answered(verdict.outcome)
    if (verdict.outcome !== 'reject') this.#trading.executeApproved(request, verdict.quantity)
  }

  #failed(request: DecisionRequest, timing: Timing, error: unknown): void {
    this.#log(request, 'error', undefined)
    this.#record(timing, this.#trading.time.now(), 'error')
    this.#trading.tally.error(`${request.id}: ${describeError(error)}`)
  }

  /** The decision as the harness saw it, in the run's canonical log. */
  #log(request: DecisionRequest, outcome: DecisionOutcome, quantity: number | undefined): void {
    const trading = this.#trading
    const { id, side, quantity: asked, limitPrice } = request
    trading.log.line('D', trading.time.sinceStart(), id, side, asked, limitPrice, outcome, quantity)
  }

  #record(timing: Timing, endedMs: number, outcome: DecisionOutcome): void {
    const { intendedMs } = timing
    // The warm-up's decisions count for everything but latency.
    if (this.#trading.time.sinceStart(intendedMs) < this.#plan.warmupMs) return
    this.#run.telemetry.decision({
      intendedMs,
      startedMs: timing.calledMs,
      endedMs,
      engineMs: Math.max(0, endedMs - intendedMs - timing.notEngineMs),
      offsetMs: this.#trading.time.sinceStart(intendedMs),
      verdict: outcome,
    })
  }
}
