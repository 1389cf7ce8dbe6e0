import type { MarketTick } from '../market/market-path.js'

export type Side = 'buy' | 'sell'

/** An order a strategy asks the risk engine to approve. */
export interface DecisionRequest {
  /** Unique per run. */
  readonly id: string
  readonly strategy: string
  readonly symbol: string
  readonly side: Side
  /** Shares or contracts, > 0. */
  readonly quantity: number
  /** Marketable limit: the worst price the order may fill at. */
  readonly limitPrice: number
}

/** The engine's verdict on one request. `trim` approves a smaller quantity. */
export type Decision =
  | { readonly verdict: 'approve' }
  | { readonly verdict: 'trim'; readonly quantity: number; readonly reason: string }
  | { readonly verdict: 'reject'; readonly reason: string }

/** An order the engine itself sends (e.g. to flatten after a halt). */
export interface EngineOrder {
  readonly symbol: string
  readonly side: Side
  readonly quantity: number
  readonly reason: string
  /** May only shrink a position, never open or flip one. */
  readonly reduceOnly?: boolean
}

/** An execution the venue reports back. */
export interface Fill {
  readonly orderId: string
  readonly symbol: string
  readonly side: Side
  readonly quantity: number
  readonly price: number
}

/** A trading-state change the engine made, on its own clock (ms). */
export interface StateChange {
  readonly state: string
  readonly atMs: number
  readonly reason: string
}

/** A net position as the engine sees it. */
export interface Position {
  readonly symbol: string
  /** Signed: > 0 long, < 0 short. */
  readonly quantity: number
}

/** The hard limits the harness checks every fill against, independently of the engine. */
export interface HardLimits {
  /** Largest absolute position notional allowed, in USD. */
  readonly maxPositionUsd: number
}

/**
 * The system under test: anything that approves, trims or rejects trading decisions.
 * The reference governor implements it; so can an adapter to an engine over HTTP.
 *
 * @example
 * const engine: RiskEngine = { decide: (req) => (req.quantity > 100 ? { verdict: 'reject', reason: 'size' } : { verdict: 'approve' }) }
 */
export interface RiskEngine {
  decide(request: DecisionRequest): Decision | Promise<Decision>
  /** Market data; may return orders the engine wants sent now (e.g. a flatten after a halt). */
  onTick?(tick: MarketTick): readonly EngineOrder[] | undefined
  /** Executions of approved and engine-initiated orders. */
  onFill?(fill: Fill): void
  /** An approved order that will not fill (not marketable, venue halted, cancelled). */
  onOrderClosed?(orderId: string): void
  positions?(): readonly Position[] | Promise<readonly Position[]>
  /** Orders that bring every position to zero; called at the end of a run. */
  flattenAll?(): readonly EngineOrder[] | Promise<readonly EngineOrder[]>
  /** The limits the engine enforces; the harness counts a fill beyond them as a breach. */
  readonly limits?: HardLimits
  /** The link to the venue went down (disconnect, or a missed heartbeat) or came back. */
  onLinkChange?(link: 'down' | 'up'): void
  /** Cancels and orders the engine wants sent now (kill switch, flatten after an outage). */
  takeActions?(): { readonly cancel: readonly string[]; readonly orders: readonly EngineOrder[] }
  /** When the engine's trading state changed, on its clock; the harness checks pauses with it. */
  stateLog?(): readonly StateChange[]
}
