import type { DecisionRequest, Side } from '../../contract/trading.js'
import type { TradingState } from '../trading-state.js'

/** A working (sent, not yet filled or cancelled) order, as the governor tracks it. */
export interface OpenOrder {
  readonly id: string
  readonly symbol: string
  readonly side: Side
  /** Quantity still to fill. */
  readonly remaining: number
}

/** What a control can see: the governor's books at the moment of the decision. */
export interface GovernorView {
  readonly state: TradingState
  /** Milliseconds on the governor's clock. */
  readonly nowMs: number
  position(symbol: string): number
  /** Signed quantity of working orders: buys positive, sells negative. */
  openQuantity(symbol: string, side: Side): number
  lastPrice(symbol: string): number | undefined
  /** Symbols with a position or a working order. */
  symbols(): Iterable<string>
}

/** Why a control refused, or the smaller quantity it allows. */
export type ControlVerdict =
  | { readonly kind: 'deny'; readonly control: string; readonly reason: string }
  | {
      readonly kind: 'trim'
      readonly control: string
      readonly quantity: number
      readonly reason: string
    }

/** One pre-trade check. Returns undefined to let the request through unchanged. */
export type Control = (request: DecisionRequest, view: GovernorView) => ControlVerdict | undefined

export const deny = (control: string, reason: string): ControlVerdict => ({
  kind: 'deny',
  control,
  reason,
})

/** Does this order shrink the position on its symbol (and not flip it)? */
export function isRiskReducing(request: DecisionRequest, view: GovernorView): boolean {
  const position = view.position(request.symbol)
  if (position === 0) return false
  const shrinks = request.side === 'buy' ? position < 0 : position > 0
  return shrinks && request.quantity <= Math.abs(position)
}

/** The price an order is valued at: the worse of its limit and the last mid. */
export function valuationPrice(request: DecisionRequest, view: GovernorView): number {
  return Math.max(request.limitPrice, view.lastPrice(request.symbol) ?? request.limitPrice)
}
