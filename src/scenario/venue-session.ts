import type { BrokerEvent } from '../broker/broker-events.js'
import type { SimulatedBrokerOptions } from '../broker/broker-options.js'
import { RealTimeScheduler, type Scheduler, VirtualScheduler } from '../broker/event-scheduler.js'
import { type SimulatedBroker, simulatedBroker } from '../broker/simulated-broker.js'
import { type Clock, VirtualClock } from '../common/clock.js'
import type { Fill, LinkChange, Side } from '../contract/trading.js'
import type { BookedFill, OrderEvent, OrderRecord } from '../portfolio/trading-log.js'

/** The simulated venue a scenario trades on: everything but the clock, seed and prices. */
export type VenueSpec = Omit<SimulatedBrokerOptions, 'scheduler' | 'seed' | 'marketPrice'>

/** An order on its way to the venue. */
export interface VenueOrder {
  readonly id: string
  readonly symbol: string
  readonly side: Side
  readonly quantity: number
  readonly limitPrice?: number
  readonly reduceOnly?: boolean
}

/** The venue's order log, for the portfolio invariants. */
export interface VenueLog {
  readonly orders: readonly OrderRecord[]
  readonly fills: readonly BookedFill[]
  /** Orders still working when the run stopped waiting. */
  readonly working: number
}

/** What the session tells the run about the venue's events. */
export interface VenueCallbacks {
  onFill(fill: Fill & { readonly fee: number; readonly fillId: string }, tMs: number): void
  /** The order will not fill any more (rejected or cancelled). */
  onClosed(orderId: string): void
  onLink?(state: LinkChange, tMs: number): void
}

/** Orders sent to a simulated broker, with everything that happened to them, for the invariants. */
export interface VenueSession extends Disposable {
  readonly broker: SimulatedBroker
  /** What the venue's events run on (the heartbeat paces itself on it too). */
  readonly scheduler: Scheduler
  send(order: VenueOrder): void
  /** Virtual time: fire the venue events due by now. Real time: nothing (timers do it). */
  catchUp(): void
  /** Waits until no order is working (or `timeoutMs`), then returns the log. */
  quiesce(timeoutMs: number): Promise<VenueLog>
}

/**
 * Starts a seeded simulated broker on the run's clock: a VirtualScheduler sharing a VirtualClock
 * (exact tests), a RealTimeScheduler otherwise. Every order and venue event is recorded with its
 * time from the start of the run.
 *
 * @example
 * const venue = startVenueSession({ entryLatency: constantLatency(2) }, { clock, seed, runStartMs, priceAt, callbacks })
 */
export function startVenueSession(
  spec: VenueSpec,
  context: {
    clock: Clock
    seed: number
    runStartMs: () => number
    /** Execution price at an offset from the run start. */
    priceAt: (symbol: string, side: Side, offsetMs: number) => number
    callbacks: VenueCallbacks
    /** Simulated time: the run's one scheduler (whose clock is `clock`). */
    simulation?: Scheduler
  },
): VenueSession {
  const { clock, callbacks } = context
  const scheduler: Scheduler & Partial<Disposable> =
    context.simulation ??
    (clock instanceof VirtualClock ? new VirtualScheduler(clock) : new RealTimeScheduler({ clock }))
  // Waiting for working orders: on the run's clock in simulated time, on a timer in real time.
  const pause = context.simulation
    ? () => clock.sleepUntil(clock.now() + 5)
    : () => new Promise<void>((resolve) => setTimeout(resolve, 5))
  const offset = (atMs: number): number => atMs - context.runStartMs()
  const broker = simulatedBroker({
    ...spec,
    scheduler,
    seed: context.seed,
    marketPrice: (symbol, side, tMs) => context.priceAt(symbol, side, offset(tMs)),
  })
  const orders = new Map<string, { record: Omit<OrderRecord, 'events'>; events: OrderEvent[] }>()
  const fills: BookedFill[] = []
  const working = new Set<string>()

  const reconcile = (): void => {
    const known = new Set(broker.workingOrders().map((o) => o.clientOrderId))
    for (const id of [...working]) {
      const order = orders.get(id)
      if (!order || order.events.length > 0 || known.has(id)) continue
      order.events.push({
        type: 'rejected',
        tMs: offset(clock.now()),
        reason: 'lost on the link: the venue never received it',
      })
      working.delete(id)
      callbacks.onClosed(id)
    }
  }

  broker.subscribe((event: BrokerEvent) => {
    if (event.type === 'disconnected' || event.type === 'reconnected') {
      callbacks.onLink?.(event.type === 'disconnected' ? 'down' : 'up', offset(clock.now()))
      // After the replay that follows a reconnect: orders the venue never received were lost.
      if (event.type === 'reconnected') queueMicrotask(reconcile)
      return
    }
    const order = orders.get(event.clientOrderId)
    if (!order) return
    const tMs = offset(event.atMs)
    switch (event.type) {
      case 'ack':
        order.events.push({ type: 'ack', tMs })
        return
      case 'fill': {
        order.events.push({
          type: 'fill',
          tMs,
          fillId: event.fillId,
          quantity: event.quantity,
          price: event.price,
          fee: event.fee,
        })
        if (event.leavesQuantity === 0) working.delete(event.clientOrderId)
        const fill = {
          orderId: event.clientOrderId,
          symbol: event.symbol,
          side: event.side,
          quantity: event.quantity,
          price: event.price,
        }
        fills.push({ ...fill, fillId: event.fillId, fee: event.fee, tMs })
        callbacks.onFill({ ...fill, fee: event.fee, fillId: event.fillId }, tMs)
        return
      }
      case 'reject':
        order.events.push({ type: 'rejected', tMs, reason: event.message })
        working.delete(event.clientOrderId)
        callbacks.onClosed(event.clientOrderId)
        return
      case 'cancelled':
        order.events.push({ type: 'cancelled', tMs })
        working.delete(event.clientOrderId)
        callbacks.onClosed(event.clientOrderId)
        return
      default:
        return
    }
  })

  return {
    broker,
    scheduler,
    send(order) {
      if (orders.has(order.id)) return
      orders.set(order.id, { record: { ...order, sentAtMs: offset(clock.now()) }, events: [] })
      working.add(order.id)
      const result = broker.submit({
        clientOrderId: order.id,
        symbol: order.symbol,
        side: order.side,
        quantity: order.quantity,
        ...(order.limitPrice === undefined ? {} : { limitPrice: order.limitPrice }),
      })
      if (result.status === 'not_connected') {
        const tMs = offset(clock.now())
        orders.get(order.id)?.events.push({ type: 'rejected', tMs, reason: 'link down: not sent' })
        working.delete(order.id)
        callbacks.onClosed(order.id)
      }
    },
    catchUp() {
      if (scheduler instanceof VirtualScheduler)
        scheduler.runUntil(Math.max(scheduler.now(), clock.now()))
    },
    async quiesce(timeoutMs) {
      if (scheduler instanceof VirtualScheduler) {
        scheduler.runAll(1_000_000)
      } else {
        const deadline = clock.now() + timeoutMs
        while (working.size > 0 && clock.now() < deadline) await pause()
      }
      return {
        orders: [...orders.values()].map(({ record, events }) => ({ ...record, events })),
        fills: [...fills],
        working: working.size,
      }
    },
    [Symbol.dispose]() {
      scheduler[Symbol.dispose]?.()
    },
  }
}
