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
import { RunDigest } from './run-digest.js'
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
  /** The canonical decision and order log, hashed into the result's digest. */
  readonly log = new RunDigest()
  readonly engine: EngineSession
  readonly desk: ExecutionDesk
  readonly #run: OpenRun
  readonly #name: string
  /** Engine orders wait out a venue halt; they execute at the first open tick. */
  readonly #waiting: EngineOrder[] = []
  #engineOrderSeq = 0
  /** Once the heartbeat runs, venue link events go through it (it dedupes and times outages). */
  #link: LinkMonitor | undefined
  /** Equity at or below which the harness' books show the daily loss limit reached. */
  readonly #lossFloorUsd: number | undefined
  #lossLimitAtMs: number | undefined

  constructor(plan: ScenarioPlan, run: OpenRun, engine: EngineSession) {
    this.#run = run
    this.#name = plan.name
    this.time = new RunTimebase(plan.clock)
    this.market = new MarketCursor(plan.path)
    this.ledger = new Ledger(plan.startingCashUsd, plan.ledgerLimits)
    const maxLoss = plan.limits?.maxDailyLossUsd
    this.#lossFloorUsd = maxLoss === undefined ? undefined : plan.startingCashUsd - maxLoss
    this.engine = engine
    const events: DeskEvents = {
      onFill: (fill, tMs, fee) => this.#applyFill(fill, tMs, fee),
      onClosed: (orderId) => {
        this.log.line('C', this.time.sinceStart(), orderId)
        this.engine.orderClosed(orderId)
      },
      onLink: (link) => this.#venueLink(link),
    }
    this.desk = plan.venue
      ? venueDesk(plan.venue, {
          seed: plan.seed,
          time: this.time,
          market: this.market,
          events,
          ...(plan.simulation ? { simulation: plan.simulation } : {}),
        })
      : instantDesk(this.market, events)
  }

  /** When the harness' books, marked at a tick, first showed the daily loss limit reached. */
  get lossLimitAtMs(): number | undefined {
    return this.#lossLimitAtMs
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
      this.log.line('U', this.time.sinceStart(), request.id)
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
      const id = engineOrderId(this.#name, this.#engineOrderSeq++)
      this.log.line('E', this.time.sinceStart(), id, order.side, order.quantity, order.reason)
      this.desk.execute({
        id,
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
    for (const id of actions.cancel) {
      this.log.line('X', this.time.sinceStart(), id)
      this.desk.cancel(id)
    }
    this.sendEngineOrders(actions.orders)
  }

  [Symbol.dispose](): void {
    this.desk[Symbol.dispose]()
  }

  #applyFill(fill: Fill, tMs: number, fee: number): void {
    this.log.line('F', tMs, fill.orderId, fill.side, fill.quantity, fill.price, fee)
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
    if (
      this.#lossLimitAtMs === undefined &&
      this.#lossFloorUsd !== undefined &&
      this.ledger.equity() <= this.#lossFloorUsd
    ) {
      this.#lossLimitAtMs = tick.tMs
      this.log.line('M', tick.tMs, 'loss_limit')
    }
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
    this.log.line('L', this.time.sinceStart(), link)
    if (this.#link) this.#link.linkEvent(link)
    else this.engine.linkChanged(link)
  }
}
