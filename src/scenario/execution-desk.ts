import type { Scheduler } from '../broker/event-scheduler.js'
import type { SimulatedBroker } from '../broker/simulated-broker.js'
import type { Fill, LinkChange } from '../contract/trading.js'
import type { MarketCursor } from './market-cursor.js'
import type { RunTimebase } from './run-timebase.js'
import {
  startVenueSession,
  type VenueLog,
  type VenueOrder,
  type VenueSpec,
} from './venue-session.js'

/** An order the run executes: an approved request or an order the engine sent by itself. */
export type DeskOrder = VenueOrder

/** What the desk tells the run. */
export interface DeskEvents {
  /** An execution, `tMs` from the run start, with its fee. */
  onFill(fill: Fill, tMs: number, fee: number): void
  /** The order will not fill any more (rejected or cancelled at the venue). */
  onClosed(orderId: string): void
  /** The venue reported its link down or back up. */
  onLink(link: LinkChange): void
}

/**
 * Where orders execute, one interface for both: instantly at the market (every order fills at
 * once at the slipped price), or on the seeded simulated broker (latencies, partial fills, fees,
 * rejects, link failures), which also keeps the order log.
 */
export interface ExecutionDesk extends Disposable {
  /** The simulated broker behind the desk; undefined for instant execution. */
  readonly broker: SimulatedBroker | undefined
  execute(order: DeskOrder): void
  cancel(orderId: string): void
  /** Virtual time: deliver the venue events due by now. */
  catchUp(): void
  /** Waits until nothing is working (at most `timeoutMs`): the venue's log, or none when instant. */
  quiesce(timeoutMs: number): Promise<VenueLog | undefined>
}

/**
 * Instant execution: an order fills in full at once, at the current tick's slipped price.
 *
 * @example
 * const desk = instantDesk(market, events)
 * desk.execute({ id: 'o1', symbol: 'ES', side: 'buy', quantity: 10 })
 */
export function instantDesk(market: MarketCursor, events: DeskEvents): ExecutionDesk {
  return {
    broker: undefined,
    execute(order) {
      const fill = {
        orderId: order.id,
        symbol: order.symbol,
        side: order.side,
        quantity: order.quantity,
        price: market.executionPrice(order.side),
      }
      events.onFill(fill, market.tick.tMs, 0)
    },
    cancel: () => undefined,
    catchUp: () => undefined,
    quiesce: async () => undefined,
    [Symbol.dispose]: () => undefined,
  }
}

/**
 * Execution on the seeded simulated broker of `spec`, on the run's clock.
 *
 * @example
 * const desk = venueDesk({ entryLatency: constantLatency(2) }, { seed: 42, time, market, events })
 */
export function venueDesk(
  spec: VenueSpec,
  context: {
    seed: number
    time: RunTimebase
    market: MarketCursor
    events: DeskEvents
    /** Simulated time: the run's one scheduler. */
    simulation?: Scheduler
  },
): ExecutionDesk {
  const { time, market, events } = context
  const session = startVenueSession(spec, {
    clock: time.clock,
    seed: context.seed,
    runStartMs: () => time.startMs,
    ...(context.simulation ? { simulation: context.simulation } : {}),
    priceAt: (_symbol, side, offsetMs) => market.executionPriceAt(side, offsetMs),
    callbacks: {
      onFill: (fill, tMs) => events.onFill(fill, tMs, fill.fee),
      onClosed: (orderId) => events.onClosed(orderId),
      onLink: (link) => events.onLink(link),
    },
  })
  let disposed = false
  return {
    broker: session.broker,
    execute: (order) => session.send(order),
    cancel: (orderId) => session.broker.cancel(orderId),
    catchUp: () => session.catchUp(),
    quiesce: (timeoutMs) => session.quiesce(timeoutMs),
    [Symbol.dispose]() {
      if (disposed) return
      disposed = true
      session[Symbol.dispose]()
    },
  }
}
