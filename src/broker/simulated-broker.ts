import type { Side } from '../contract/trading.js'
import { BrokerSpecError, checkNumber } from './broker-error.js'
import type { BrokerListener, CancelReason } from './broker-events.js'
import { BrokerLink, type LinkState } from './broker-link.js'
import {
  type ResolvedBrokerOptions,
  resolveBrokerOptions,
  type SimulatedBrokerOptions,
} from './broker-options.js'
import type { ScheduledEvent } from './event-scheduler.js'
import { executionFee } from './fees.js'
import { drawOrderPlan, type OrderPlan, type PlanStreams, planStreams } from './order-plan.js'
import { ruleViolation } from './venue-rules.js'

/** An order as the client sends it. A limit order only executes at `limitPrice` or better. */
export interface OrderRequest {
  /** The client's id; the broker is idempotent on it (a resend never creates a second order). */
  readonly clientOrderId: string
  readonly symbol: string
  readonly side: Side
  /** Whole shares, > 0 (anything else is rejected as `invalid_quantity`). */
  readonly quantity: number
  /** @default none: a market order */
  readonly limitPrice?: number
}

/**
 * `sent`: on its way (on a half-open link it is silently lost: resend it after reconnecting).
 * `duplicate`: the venue already has this clientOrderId; nothing new was created.
 * `not_connected`: the link is down; nothing was sent.
 */
export type SubmitResult =
  | { readonly status: 'sent' }
  | { readonly status: 'duplicate' }
  | { readonly status: 'not_connected' }

/** `unknown_order`: the venue never received this clientOrderId. */
export type CancelResult =
  | { readonly status: 'sent' }
  | { readonly status: 'unknown_order' }
  | { readonly status: 'not_connected' }

/** How a heartbeat ended: the reply within the timeout, or none (a half-open or dropped link). */
export type PingResult =
  | { readonly status: 'ok'; readonly rttMs: number }
  | { readonly status: 'timeout'; readonly timeoutMs: number }
  | { readonly status: 'not_connected' }

/** An order the venue is still working (received and neither filled, cancelled nor rejected). */
export interface WorkingOrder {
  readonly clientOrderId: string
  readonly venueOrderId: string
  readonly symbol: string
  readonly side: Side
  readonly quantity: number
  readonly limitPrice: number | undefined
  readonly filledQuantity: number
  /** `pending`: received, not yet acknowledged. */
  readonly status: 'pending' | 'working'
}

/** A simulated venue and the link to it. Create one with {@link simulatedBroker}. */
export interface SimulatedBroker {
  /** Sends an order; see {@link SubmitResult}. Throws on a malformed request (no id, bad side). */
  submit(order: OrderRequest): SubmitResult
  /** Asks the venue to cancel; the answer (`cancelled` or `cancel_rejected`) is an event. */
  cancel(clientOrderId: string): CancelResult
  /** Asks the venue to cancel every order it is working, with one message. */
  cancelAll(): { readonly status: 'sent' } | { readonly status: 'not_connected' }
  /** A heartbeat: resolves when the reply arrives (at or before `timeoutMs`) or the timeout passes. */
  ping(timeoutMs: number): Promise<PingResult>
  /** Adds a listener; returns its unsubscribe function. */
  subscribe(listener: BrokerListener): () => void
  /** Drops the link: emits `disconnected`; venue events wait for `reconnect()`. */
  disconnect(): void
  /** Half-opens the link: no event is emitted and nothing crosses it, either way. */
  halfOpen(): void
  /** Restores the link: emits `reconnected`, then every held venue event once, in order. */
  reconnect(): void
  /** The true state of the link (a client would only see `up` while it is half-open). */
  readonly linkState: LinkState
  /** What the venue is still working, e.g. to check for order leaks. */
  workingOrders(): readonly WorkingOrder[]
}

type OrderStatus = 'pending' | 'working' | 'filled' | 'cancelled' | 'rejected'

interface VenueOrder {
  readonly request: OrderRequest
  readonly venueOrderId: string
  readonly ackAtMs: number
  readonly plan: OrderPlan
  status: OrderStatus
  filled: number
  executed: number
  next: ScheduledEvent | undefined
}

const SIDES: ReadonlySet<unknown> = new Set(['buy', 'sell'])

function checkRequest(order: OrderRequest): void {
  const example = "submit({ clientOrderId: 'o-1', symbol: 'ES', side: 'buy', quantity: 100 })"
  const bad = (field: string, value: unknown, allowed: string): never => {
    throw new BrokerSpecError(
      `submit: ${field} = ${JSON.stringify(value)} is not valid; allowed: ${allowed}. Example: ${example}.`,
    )
  }
  if (typeof order !== 'object' || order === null) bad('order', order, 'an OrderRequest object')
  if (typeof order.clientOrderId !== 'string' || order.clientOrderId === '') {
    bad('clientOrderId', order.clientOrderId, 'a non-empty string, unique per order')
  }
  if (typeof order.symbol !== 'string') bad('symbol', order.symbol, 'a string')
  if (!SIDES.has(order.side)) bad('side', order.side, "'buy' or 'sell'")
  if (typeof order.quantity !== 'number') bad('quantity', order.quantity, 'a number')
  if (order.limitPrice !== undefined && typeof order.limitPrice !== 'number') {
    bad('limitPrice', order.limitPrice, 'a number, or leave it out for a market order')
  }
}

class Broker implements SimulatedBroker {
  readonly #options: ResolvedBrokerOptions
  readonly #streams: PlanStreams
  readonly #link = new BrokerLink()
  /** Every order the venue ever received, by clientOrderId: the idempotency key. */
  readonly #orders = new Map<string, VenueOrder>()
  /** Orders neither filled, cancelled nor rejected. */
  readonly #open = new Set<VenueOrder>()
  #nextOrderNumber = 1

  constructor(options: ResolvedBrokerOptions) {
    this.#options = options
    this.#streams = planStreams(options)
  }

  get linkState(): LinkState {
    return this.#link.state
  }

  get #scheduler() {
    return this.#options.scheduler
  }

  subscribe(listener: BrokerListener): () => void {
    return this.#link.subscribe(listener)
  }

  submit(request: OrderRequest): SubmitResult {
    checkRequest(request)
    const state = this.#link.state
    if (state === 'down') return { status: 'not_connected' }
    if (state === 'half_open') return { status: 'sent' }
    if (this.#orders.has(request.clientOrderId)) return { status: 'duplicate' }
    const violation = ruleViolation(request, this.#options.symbols)
    const plan = drawOrderPlan(request.quantity, !violation, this.#options, this.#streams)
    const ackAtMs = this.#scheduler.now() + plan.entryMs
    const order: VenueOrder = {
      request: { ...request },
      venueOrderId: `V${this.#nextOrderNumber++}`,
      ackAtMs,
      plan,
      status: 'pending',
      filled: 0,
      executed: 0,
      next: undefined,
    }
    this.#orders.set(request.clientOrderId, order)
    this.#open.add(order)
    const { clientOrderId } = request
    this.#scheduler.at(ackAtMs, () => {
      const atMs = this.#scheduler.now()
      if (violation !== undefined || plan.venueReject) {
        this.#finish(order, 'rejected')
        const reason = violation?.reason ?? 'venue_reject'
        const message = violation?.message ?? 'rejected by the venue (rejectProbability).'
        this.#link.post({ type: 'reject', atMs, clientOrderId, reason, message })
        return
      }
      order.status = 'working'
      this.#link.post({
        type: 'ack',
        atMs,
        clientOrderId,
        venueOrderId: order.venueOrderId,
        symbol: request.symbol,
        side: request.side,
        quantity: request.quantity,
        limitPrice: request.limitPrice,
      })
      this.#scheduleExecution(order, atMs)
    })
    return { status: 'sent' }
  }

  cancel(clientOrderId: string): CancelResult {
    const state = this.#link.state
    if (state === 'down') return { status: 'not_connected' }
    if (state === 'half_open') return { status: 'sent' }
    const order = this.#orders.get(clientOrderId)
    if (order === undefined) return { status: 'unknown_order' }
    this.#scheduleCancel(order, this.#scheduler.now() + this.#streams.cancel(), 'client', true)
    return { status: 'sent' }
  }

  cancelAll(): { readonly status: 'sent' } | { readonly status: 'not_connected' } {
    const state = this.#link.state
    if (state === 'down') return { status: 'not_connected' }
    if (state === 'half_open') return { status: 'sent' }
    const atMs = this.#scheduler.now() + this.#streams.cancel()
    for (const order of this.#open) this.#scheduleCancel(order, atMs, 'client', false)
    return { status: 'sent' }
  }

  ping(timeoutMs: number): Promise<PingResult> {
    checkNumber('ping', 'timeoutMs', timeoutMs, timeoutMs > 0, '> 0', 'broker.ping(1_000)')
    const rttMs = this.#streams.heartbeat()
    const state = this.#link.state
    if (state === 'down') return Promise.resolve({ status: 'not_connected' })
    const epoch = this.#link.epoch
    const sentAtMs = this.#scheduler.now()
    return new Promise((resolve) => {
      // The reply is scheduled first so that one landing exactly on the deadline still counts.
      const reply =
        state === 'up'
          ? this.#scheduler.at(sentAtMs + rttMs, () => {
              if (this.#link.state !== 'up' || this.#link.epoch !== epoch) return
              timeout.cancel()
              resolve({ status: 'ok', rttMs })
            })
          : undefined
      const timeout = this.#scheduler.at(sentAtMs + timeoutMs, () => {
        reply?.cancel()
        resolve({ status: 'timeout', timeoutMs })
      })
    })
  }

  disconnect(): void {
    this.#link.disconnect(this.#scheduler.now())
    if (!this.#options.cancelOnDisconnect) return
    // The venue cancels at the moment the link drops; an order it has not acknowledged yet is
    // acknowledged first, then cancelled.
    for (const order of [...this.#open]) {
      if (order.status === 'working') this.#cancelNow(order, 'cancel_on_disconnect', false)
      else this.#scheduleCancel(order, order.ackAtMs, 'cancel_on_disconnect', false)
    }
  }

  halfOpen(): void {
    this.#link.halfOpen()
  }

  reconnect(): void {
    this.#link.reconnect(this.#scheduler.now())
  }

  workingOrders(): readonly WorkingOrder[] {
    return [...this.#open].map((order) => ({
      clientOrderId: order.request.clientOrderId,
      venueOrderId: order.venueOrderId,
      symbol: order.request.symbol,
      side: order.request.side,
      quantity: order.request.quantity,
      limitPrice: order.request.limitPrice,
      filledQuantity: order.filled,
      status: order.status === 'pending' ? 'pending' : 'working',
    }))
  }

  #finish(order: VenueOrder, status: 'filled' | 'cancelled' | 'rejected'): void {
    order.status = status
    order.next?.cancel()
    order.next = undefined
    this.#open.delete(order)
  }

  #scheduleExecution(order: VenueOrder, fromMs: number): void {
    const planned = order.plan.executions[order.executed]
    if (planned === undefined) return
    order.next = this.#scheduler.at(fromMs + planned.delayMs, () => this.#execute(order))
  }

  #execute(order: VenueOrder): void {
    order.next = undefined
    const planned = order.plan.executions[order.executed]
    if (order.status !== 'working' || planned === undefined) return
    const { symbol, side, limitPrice, clientOrderId, quantity } = order.request
    const atMs = this.#scheduler.now()
    const price = this.#options.marketPrice(symbol, side, atMs)
    if (typeof price !== 'number' || !Number.isFinite(price) || price <= 0) {
      throw new BrokerSpecError(
        `marketPrice(${JSON.stringify(symbol)}, '${side}', ${atMs}) returned ${String(price)}; allowed: a finite price > 0. Fix the marketPrice callback passed to simulatedBroker.`,
      )
    }
    const marketable =
      limitPrice === undefined || (side === 'buy' ? price <= limitPrice : price >= limitPrice)
    if (!marketable) {
      // A limit order rests until the market comes to it; the execution waits, unchanged.
      order.next = this.#scheduler.at(atMs + this.#options.limitRecheckMs, () =>
        this.#execute(order),
      )
      return
    }
    order.executed++
    order.filled += planned.quantity
    const leavesQuantity = quantity - order.filled
    if (leavesQuantity === 0) this.#finish(order, 'filled')
    this.#link.post({
      type: 'fill',
      atMs,
      clientOrderId,
      venueOrderId: order.venueOrderId,
      fillId: `${order.venueOrderId}-${order.executed}`,
      symbol,
      side,
      quantity: planned.quantity,
      price,
      fee: executionFee(planned.quantity, price, this.#options.fees),
      cumulativeQuantity: order.filled,
      leavesQuantity,
    })
    if (leavesQuantity > 0) this.#scheduleExecution(order, atMs)
  }

  /** Cancels at `atMs`, never before the ack (an order is acknowledged before it is cancelled). */
  #scheduleCancel(
    order: VenueOrder,
    atMs: number,
    reason: CancelReason,
    reportLate: boolean,
  ): void {
    this.#scheduler.at(Math.max(atMs, order.ackAtMs), () =>
      this.#cancelNow(order, reason, reportLate),
    )
  }

  #cancelNow(order: VenueOrder, reason: CancelReason, reportLate: boolean): void {
    const { clientOrderId } = order.request
    const atMs = this.#scheduler.now()
    if (order.status !== 'working') {
      if (reportLate) {
        this.#link.post({ type: 'cancel_rejected', atMs, clientOrderId, reason: 'too_late' })
      }
      return
    }
    this.#finish(order, 'cancelled')
    this.#link.post({
      type: 'cancelled',
      atMs,
      clientOrderId,
      venueOrderId: order.venueOrderId,
      reason,
      filledQuantity: order.filled,
      cancelledQuantity: order.request.quantity - order.filled,
    })
  }
}

/**
 * A simulated broker: a venue that acknowledges, fills (whole or in seeded partial executions,
 * at the caller's market price, with exact fees), rejects and cancels orders after seeded
 * latencies, on the injected scheduler's clock; and the link to it, which can drop, go half-open
 * and come back, replaying what happened meanwhile exactly once. Deterministic under `seed` for
 * the same sequence of calls.
 *
 * @example
 * const scheduler = new VirtualScheduler()
 * const broker = simulatedBroker({ scheduler, seed: 42, marketPrice: () => 100 })
 * broker.subscribe((event) => console.log(event.type))
 * broker.submit({ clientOrderId: 'o-1', symbol: 'ES', side: 'buy', quantity: 100 })
 * scheduler.runUntil(10) // ack at 1 ms, fill at 2 ms with the default latencies
 */
export function simulatedBroker(options: SimulatedBrokerOptions): SimulatedBroker {
  return new Broker(resolveBrokerOptions(options))
}
