import type { Side } from '../contract/trading.js'
import type { InvariantId } from './invariant-ids.js'

/** Something that happened to an order at the venue, as the harness saw it. */
export type OrderEvent =
  | { readonly type: 'ack'; readonly tMs: number }
  | {
      readonly type: 'fill'
      readonly tMs: number
      readonly fillId: string
      readonly quantity: number
      readonly price: number
      readonly fee: number
    }
  | { readonly type: 'cancelled'; readonly tMs: number }
  | { readonly type: 'rejected'; readonly tMs: number; readonly reason: string }

/** An order sent to the venue, with its life. */
export interface OrderRecord {
  readonly id: string
  readonly symbol: string
  readonly side: Side
  readonly quantity: number
  readonly reduceOnly?: boolean
  readonly sentAtMs: number
  readonly events: readonly OrderEvent[]
}

/** A fill as the books recorded it. */
export interface BookedFill {
  readonly fillId: string
  readonly orderId: string
  readonly symbol: string
  readonly side: Side
  readonly quantity: number
  readonly price: number
  readonly fee: number
  readonly tMs: number
}

/** What the checker reads: everything sent, everything booked, and when trading was paused. */
export interface TradingLog {
  readonly startingCashUsd: number
  readonly orders: readonly OrderRecord[]
  readonly fills: readonly BookedFill[]
  /** Pauses (or emergency stops) the governor acknowledged; `endMs` absent while still paused. */
  readonly pauses: readonly { readonly ackMs: number; readonly endMs?: number }[]
  /** The mid price at any time, to value positions and working orders against the limits. */
  readonly priceAt: (symbol: string, tMs: number) => number
  readonly limits: { readonly maxPositionUsd: number }
  /** Throttle accounting as the governor reports it. */
  readonly throttle?: { readonly received: number; readonly sent: number; readonly denied: number }
}

/** What the system under test and its stores say, to compare with the log. */
export interface ReportedState {
  /** From the engine (`positions()`), per symbol. */
  readonly enginePositions?: Readonly<Record<string, number>>
  readonly redisPositions?: Readonly<Record<string, number>>
  readonly postgresPositions?: Readonly<Record<string, number>>
  readonly cashUsd?: number
  /** The PnL the system reports, in USD. */
  readonly pnlUsd?: number
  /** Mid prices at the end, to mark the final PnL. */
  readonly finalPrices: Readonly<Record<string, number>>
}

/** One broken invariant: which one, what was wrong, and the orders involved. */
export interface InvariantViolation {
  readonly invariant: InvariantId
  readonly message: string
  readonly orderIds?: readonly string[]
}
