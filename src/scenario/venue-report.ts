import type { HardLimits, Position } from '../contract/trading.js'
import type { MarketPath } from '../market/market-path.js'
import { tickAt } from '../market/market-path.js'
import { checkInvariants } from '../portfolio/check-invariants.js'
import { booksFromFills, markedPnl } from '../portfolio/fill-books.js'
import type { InvariantViolation } from '../portfolio/trading-log.js'
import type { VenueLog } from './venue-session.js'

/** What happened on the venue, and whether the books held. */
export interface VenueReport {
  readonly orders: number
  readonly fills: number
  /** Orders still working when the run gave up waiting. */
  readonly workingAtEnd: number
  /** Quantity filled over quantity sent, in percent. */
  readonly executionRatePct: number
  /** |PnL the harness booked - PnL recomputed exactly from the fills|, in USD. */
  readonly pnlDeltaUsd: number
  /** Every broken portfolio invariant; empty when the books are sound. */
  readonly violations: readonly InvariantViolation[]
}

/**
 * Runs the portfolio invariants over a run's venue log against what the engine, Redis and the
 * harness' own books report.
 *
 * @example
 * const report = venueReport({ orders, fills, working: 0 }, { ... })
 */
export function venueReport(
  log: VenueLog,
  context: {
    startingCashUsd: number
    path: MarketPath
    limits: HardLimits | undefined
    enginePositions: readonly Position[] | undefined
    redisPositions: Readonly<Record<string, number>> | undefined
    harnessCashUsd: number
    harnessPnlUsd: number
    pauses?: readonly { ackMs: number; endMs?: number }[]
    /** The engine's own decision accounting, for throttle conservation. */
    throttle?: { received: number; sent: number; denied: number }
  },
): VenueReport {
  const last = context.path.ticks[context.path.ticks.length - 1]
  const finalPrices: Record<string, number> = last ? { [last.symbol]: last.price } : {}
  const violations = checkInvariants(
    {
      startingCashUsd: context.startingCashUsd,
      orders: log.orders,
      fills: log.fills,
      pauses: context.pauses ?? [],
      ...(context.throttle ? { throttle: context.throttle } : {}),
      priceAt: (_symbol, tMs) => tickAt(context.path, tMs).price,
      limits: { maxPositionUsd: context.limits?.maxPositionUsd ?? Number.POSITIVE_INFINITY },
    },
    {
      ...(context.enginePositions
        ? {
            enginePositions: Object.fromEntries(
              context.enginePositions.map((p) => [p.symbol, p.quantity]),
            ),
          }
        : {}),
      ...(context.redisPositions ? { redisPositions: context.redisPositions } : {}),
      cashUsd: context.harnessCashUsd,
      pnlUsd: context.harnessPnlUsd,
      finalPrices,
    },
  )
  const sent = log.orders.reduce((s, o) => s + o.quantity, 0)
  const filled = log.fills.reduce((s, f) => s + f.quantity, 0)
  const exactPnl = markedPnl(
    booksFromFills(context.startingCashUsd, log.fills),
    context.startingCashUsd,
    finalPrices,
  )
  return {
    orders: log.orders.length,
    fills: log.fills.length,
    workingAtEnd: log.working,
    executionRatePct: sent === 0 ? 100 : (filled / sent) * 100,
    pnlDeltaUsd: Math.abs(exactPnl.toNumber() - context.harnessPnlUsd),
    violations,
  }
}
