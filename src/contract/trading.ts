/*
 * The trading vocabulary every side shares: the harness, the engines it tests, the simulated
 * venue and the books. Types and constant lists only; this module imports nothing.
 */

/** The two sides of an order. */
export const SIDES = ['buy', 'sell'] as const
export type Side = (typeof SIDES)[number]

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

/** What an engine may answer: approve as asked, approve a smaller quantity, or refuse. */
export const VERDICTS = ['approve', 'trim', 'reject'] as const
export type Verdict = (typeof VERDICTS)[number]

/**
 * How the harness classifies every decision: the engine's verdict, or `error` when the engine
 * threw, answered something that is not a valid verdict, or did not answer in time.
 */
export type DecisionOutcome = Verdict | 'error'

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

/** A net position. */
export interface Position {
  readonly symbol: string
  /** Signed: > 0 long, < 0 short. */
  readonly quantity: number
}

/** A trading-state change the engine made, on its own clock (ms). */
export interface StateChange {
  readonly state: string
  readonly atMs: number
  readonly reason: string
}

/** The broker link as an engine is told of it: lost (disconnect, missed heartbeats) or back. */
export type LinkChange = 'down' | 'up'

/** The market at one instant, as the engine and the simulated venue see it. */
export interface MarketTick {
  /** Milliseconds from the start of the run. */
  readonly tMs: number
  readonly symbol: string
  /** Mid price. */
  readonly price: number
  /** Displayed depth as a percentage of normal (100 = normal, 1 = 1% of normal). */
  readonly depthPct: number
  /** The venue is halted: nothing trades until a tick without it. */
  readonly halted?: boolean
}

/** The hard limits the harness checks every fill against, independently of the engine. */
export interface HardLimits {
  /** Largest absolute position notional allowed, in USD. */
  readonly maxPositionUsd: number
  /**
   * Loss from the starting cash, in USD, at which the engine must stop adding risk for the rest
   * of the day. The harness marks its own books at every tick; once they show this loss, a
   * risk-increasing order after the grace is a leak.
   */
  readonly maxDailyLossUsd?: number
}
