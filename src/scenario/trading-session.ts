import type {
  DecisionRequest,
  EngineOrder,
  Fill,
  LinkChange,
  MarketTick,
} from '../contract/trading.js'
import { Ledger } from '../portfolio/ledger.js'
import { DecisionTally } from './decision-tally.js'
import { engineOrderId } from './engine-order-id.js'
import type { EngineSession } from './engine-session.js'
import { type DeskEvents, type ExecutionDesk, instantDesk, venueDesk } from './execution-desk.js'
import type { LinkMonitor } from './link-monitor.js'
import { MarketCursor } from './market-cursor.js'
import type { OpenRun } from './open-run.js'
import type { ScenarioPlan } from './resolve-spec.js'
import { RunTimebase } from './run-timebase.js'

/**
 * The trading side of a run, kept in step: the market path, the harness' own books (ledger and
 * tally), the engine and the desk orders execute on. Every fill goes through the ledger, which
 * judges it against the hard limits, before the engine hears of it.
 *
 * @example
 * using trading = new TradingSession(plan, run, engine.session)
 * trading.advanceMarket(1_000)
 */
export class TradingSession implements Disposable {
  readonly time: RunTimebase
  readonly market: MarketCursor
  readonly ledger: Ledger
  readonly tally = new DecisionTally()
  readonly engine: EngineSession
  readonly desk: ExecutionDesk
  readonly #run: OpenRun
  readonly #name: string
  /** Engine orders wait out a venue halt; they execute at the first open tick. */
  readonly #waiting: EngineOrder[] = []
  #engineOrderSeq = 0
  /** Once the heartbeat runs, venue link events go through it (it dedupes and times outages). */
  #link: LinkMonitor | undefined

  constructor(plan: ScenarioPlan, run: OpenRun, engine: EngineSession) {
    this.#run = run
    this.#name = plan.name
    this.time = new RunTimebase(plan.clock)
    this.market = new MarketCursor(plan.path)
    this.ledger = new Ledger(plan.startingCashUsd, plan.ledgerLimits)
    this.engine = engine
    const events: DeskEvents = {
      onFill: (fill, tMs, fee) => this.#applyFill(fill, tMs, fee),
      onClosed: (orderId) => this.engine.orderClosed(orderId),
      onLink: (link) => this.#venueLink(link),
    }
    this.desk = plan.venue
      ? venueDesk(plan.venue, { seed: plan.seed, time: this.time, market: this.market, events })
      : instantDesk(this.market, events)
  }

  /** Link changes of the venue are judged by `monitor` from now on. */
  watchLink(monitor: LinkMonitor): void {
    this.#link = monitor
  }

  /**
   * Moves the market to `untilMs` from the start: each tick marks the books, goes to the engine,
   * and the orders and actions the engine asks for are sent.
   */
  advanceMarket(untilMs: number): void {
    this.market.advance(untilMs, this.#onTick)
  }

  /** An approved request: executed when marketable on an open venue, otherwise closed unfilled. */
  executeApproved(request: DecisionRequest, quantity: number): void {
    const price = this.market.executionPrice(request.side)
    const marketable =
      request.side === 'buy' ? price <= request.limitPrice : price >= request.limitPrice
    if (!marketable || this.market.tick.halted) {
      this.tally.unfilled()
      this.engine.orderClosed(request.id)
      return
    }
    this.desk.execute({
      id: request.id,
      symbol: request.symbol,
      side: request.side,
      quantity,
      limitPrice: request.limitPrice,
    })
  }

  /** Orders the engine sent by itself: counted, then executed unless the venue is halted. */
  sendEngineOrders(orders: readonly EngineOrder[] | undefined): void {
    for (const order of orders ?? []) {
      this.tally.engineOrder(order.reason)
      this.#waiting.push(order)
    }
    if (this.market.tick.halted) return
    for (const order of this.#waiting.splice(0)) {
      this.desk.execute({
        id: engineOrderId(this.#name, this.#engineOrderSeq++),
        symbol: order.symbol,
        side: order.side,
        quantity: order.quantity,
        reduceOnly: order.reduceOnly === true,
      })
    }
  }

  /** Cancels and orders the engine asks for by itself (kill switch, flatten after an outage). */
  takeEngineActions(): void {
    const actions = this.engine.actions()
    if (!actions) return
    for (const id of actions.cancel) this.desk.cancel(id)
    this.sendEngineOrders(actions.orders)
  }

  [Symbol.dispose](): void {
    this.desk[Symbol.dispose]()
  }

  #applyFill(fill: Fill, tMs: number, fee: number): void {
    const breach = this.ledger.applyFill(fill, tMs, fee)
    if (breach) {
      this.#run.telemetry.breach()
      this.tally.breach(breach)
    }
    this.engine.fill(fill)
    this.#run.services?.positionsChanged(this.ledger.positions())
  }

  /** One tick, bound once: `advanceMarket` runs on every decision. */
  readonly #onTick = (tick: MarketTick): void => {
    this.ledger.mark(tick)
    this.sendEngineOrders(this.engine.tick(tick))
    this.takeEngineActions()
    this.#run.telemetry.book(tick.tMs, {
      price: tick.price,
      positionQty: this.ledger.position(tick.symbol),
      equityUsd: this.ledger.equity(),
      drawdownPct: this.ledger.drawdownPct(),
    })
  }

  #venueLink(link: LinkChange): void {
    if (this.#link) this.#link.linkEvent(link)
    else this.engine.linkChanged(link)
  }
}
