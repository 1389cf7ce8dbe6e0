import type { Decision, DecisionOutcome, DecisionRequest } from '../contract/trading.js'
import type { Dispatch } from '../load/open-loop-driver.js'
import type { OpenRun } from './open-run.js'
import type { ScenarioPlan } from './resolve-spec.js'
import type { TradingSession } from './trading-session.js'
import { checkVerdict } from './verdict.js'

const isPromiseLike = <T>(value: T | PromiseLike<T>): value is PromiseLike<T> =>
  typeof (value as { then?: unknown } | null)?.then === 'function'

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error)

/**
 * One decision's path through the run: the market moves to its intended time, the request is
 * asked of the engine, the answer is timed from the intended start (coordinated-omission
 * corrected) and from the call (service time), classified, queued to the pipeline, and an
 * approval executed on the desk.
 *
 * @example
 * const flow = new DecisionFlow(plan, run, trading)
 * await driveOpenLoop({ schedule, clock, fire: flow.fire, onLag })
 */
export class DecisionFlow {
  readonly #plan: ScenarioPlan
  readonly #run: OpenRun
  readonly #trading: TradingSession

  constructor(plan: ScenarioPlan, run: OpenRun, trading: TradingSession) {
    this.#plan = plan
    this.#run = run
    this.#trading = trading
  }

  /** Starts the decision scheduled at `dispatch.intendedMs`; a promise while the engine thinks. */
  readonly fire = ({ index, intendedMs }: Dispatch): undefined | Promise<void> => {
    const trading = this.#trading
    trading.advanceMarket(trading.time.sinceStart(intendedMs))
    trading.desk.catchUp()
    const request = this.#plan.nextRequest(index, trading.market.tick)
    // Service time starts at the call: market-data handling above counts only in decision latency.
    const startedMs = trading.time.now()
    let answer: Decision | Promise<Decision>
    try {
      answer = trading.engine.decide(request)
    } catch (error) {
      this.#failed(request, intendedMs, startedMs, error)
      return undefined
    }
    if (!isPromiseLike(answer)) {
      this.#settle(request, answer, intendedMs, startedMs)
      return undefined
    }
    return Promise.resolve(answer).then(
      (decision) => this.#settle(request, decision, intendedMs, startedMs),
      (error: unknown) => this.#failed(request, intendedMs, startedMs, error),
    )
  }

  /** A decision still unanswered when the run stopped waiting: an error, timed to now. */
  unanswered(atMs: number, message: string): void {
    this.#record(atMs, atMs, this.#trading.time.now(), 'error')
    this.#trading.tally.error(message)
  }

  #settle(
    request: DecisionRequest,
    decision: Decision,
    intendedMs: number,
    startedMs: number,
  ): void {
    const endedMs = this.#trading.time.now()
    const verdict = checkVerdict(request, decision)
    this.#record(intendedMs, startedMs, endedMs, verdict.outcome)
    this.#run.pipeline?.publish({ id: request.id, intendedMs, verdict: verdict.outcome })
    if (verdict.outcome === 'error') {
      this.#trading.tally.error(verdict.problem)
      return
    }
    this.#trading.tally.answered(verdict.outcome)
    if (verdict.outcome !== 'reject') this.#trading.executeApproved(request, verdict.quantity)
  }

  #failed(request: DecisionRequest, intendedMs: number, startedMs: number, error: unknown): void {
    this.#record(intendedMs, startedMs, this.#trading.time.now(), 'error')
    this.#trading.tally.error(`${request.id}: ${describeError(error)}`)
  }

  #record(intendedMs: number, startedMs: number, endedMs: number, outcome: DecisionOutcome): void {
    this.#run.telemetry.decision({
      intendedMs,
      startedMs,
      endedMs,
      offsetMs: this.#trading.time.sinceStart(intendedMs),
      verdict: outcome,
    })
  }
}
