import type { Fill, Side } from '../contract/trading.js'

/** Why the venue refused an order. */
export type RejectReason =
  /** Quantity not a whole number of shares > 0. */
  | 'invalid_quantity'
  /** Limit price given but not a finite number > 0. */
  | 'invalid_limit_price'
  /** Symbol not in the broker's `symbols` list. */
  | 'unknown_symbol'
  /** Drawn with probability `rejectProbability`: the venue's own reasons (risk checks, throttles). */
  | 'venue_reject'

/** Why an order stopped working before it filled. */
export type CancelReason =
  /** The client asked (`cancel` or `cancelAll`). */
  | 'client'
  /** The link dropped and the broker is configured with `cancelOnDisconnect`. */
  | 'cancel_on_disconnect'

/** What every message from the venue carries. */
interface VenueMessage {
  /** Venue time the event happened, in ms on the scheduler's clock. */
  readonly atMs: number
  /** True when it happened while the link was down or half-open and came with a reconnect. */
  readonly replayed: boolean
  readonly clientOrderId: string
}

/** The venue accepted the order; it is working. */
export interface AckEvent extends VenueMessage {
  readonly type: 'ack'
  readonly venueOrderId: string
  readonly symbol: string
  readonly side: Side
  readonly quantity: number
  readonly limitPrice: number | undefined
}

/** One execution. An order fills in one or several; their quantities sum to the order's. */
export interface FillEvent extends VenueMessage {
  readonly type: 'fill'
  readonly venueOrderId: string
  /** Unique per broker; each fill id is delivered exactly once. */
  readonly fillId: string
  readonly symbol: string
  readonly side: Side
  readonly quantity: number
  readonly price: number
  /** Fee of this execution in USD, exact (see `executionFee`). */
  readonly fee: number
  /** Filled so far, this execution included. */
  readonly cumulativeQuantity: number
  /** Still to fill; 0 on the last execution. */
  readonly leavesQuantity: number
}

/** The venue refused the order; nothing was created that can fill. */
export interface RejectEvent extends VenueMessage {
  readonly type: 'reject'
  readonly reason: RejectReason
  /** Human-readable: the bad value and what is allowed. */
  readonly message: string
}

/** The order stopped working; `cancelledQuantity` will never fill. */
export interface CancelledEvent extends VenueMessage {
  readonly type: 'cancelled'
  readonly venueOrderId: string
  readonly reason: CancelReason
  readonly filledQuantity: number
  readonly cancelledQuantity: number
}

/** A cancel arrived after the order had already filled, been cancelled or been rejected. */
export interface CancelRejectedEvent extends VenueMessage {
  readonly type: 'cancel_rejected'
  readonly reason: 'too_late'
}

/** The link dropped (the client sees the socket close). Venue events wait for the reconnect. */
export interface DisconnectedEvent {
  readonly type: 'disconnected'
  readonly atMs: number
}

/** The link is back; `replayCount` venue events that happened meanwhile follow, in order. */
export interface ReconnectedEvent {
  readonly type: 'reconnected'
  readonly atMs: number
  readonly replayCount: number
}

/** A message from the venue about one order. */
export type VenueEvent = AckEvent | FillEvent | RejectEvent | CancelledEvent | CancelRejectedEvent

/** Everything a broker listener receives. */
export type BrokerEvent = VenueEvent | DisconnectedEvent | ReconnectedEvent

/** Receives broker events; errors it throws propagate to whoever runs the scheduler. */
export type BrokerListener = (event: BrokerEvent) => void

/**
 * The fill as a `RiskEngine` sees it (`orderId` is the client order id).
 *
 * @example
 * broker.subscribe((e) => { if (e.type === 'fill') engine.onFill?.(toFill(e)) })
 */
export function toFill(event: FillEvent): Fill {
  return {
    orderId: event.clientOrderId,
    symbol: event.symbol,
    side: event.side,
    quantity: event.quantity,
    price: event.price,
  }
}
