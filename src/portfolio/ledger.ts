import type { Fill, HardLimits, MarketTick } from '../contract/trading.js'

/** A fill that left a position beyond a hard limit. */
export interface Breach {
  readonly orderId: string
  readonly symbol: string
  readonly limit: 'maxPositionUsd'
  readonly limitValue: number
  readonly actualValue: number
  /** Milliseconds from the start of the run. */
  readonly tMs: number
}

/** The portfolio as the harness saw it, independent of what the engine reports. */
export interface PortfolioSummary {
  readonly startingCashUsd: number
  readonly finalEquityUsd: number
  readonly pnlUsd: number
  readonly maxDrawdownPct: number
  /** Largest absolute position notional reached at a fill, in USD. */
  readonly peakPositionUsd: number
  /** Net quantity per symbol at the end. */
  readonly finalPositions: Readonly<Record<string, number>>
  readonly fills: number
}

const BREACH_EPSILON_USD = 1e-6

/**
 * The harness' own books: every fill moves position and cash; every tick marks to market and
 * tracks the peak-to-trough drawdown of equity; every fill is checked against the hard limits.
 *
 * @example
 * const ledger = new Ledger(1_000_000, { maxPositionUsd: 250_000 })
 * ledger.applyFill({ orderId: 'o1', symbol: 'ES', side: 'buy', quantity: 10, price: 100 }, 0)
 */
export class Ledger {
  readonly #positions = new Map<string, number>()
  readonly #prices = new Map<string, number>()
  readonly #startingCash: number
  readonly #limits: HardLimits | undefined
  #cash: number
  #peakEquity: number
  #maxDrawdownPct = 0
  #peakPositionUsd = 0
  #fills = 0

  constructor(startingCashUsd: number, limits?: HardLimits) {
    this.#startingCash = startingCashUsd
    this.#cash = startingCashUsd
    this.#peakEquity = startingCashUsd
    this.#limits = limits
  }

  /** Books a fill (and its fee); returns the breach it caused, if any. */
  applyFill(fill: Fill, tMs: number, fee = 0): Breach | undefined {
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity
    const quantity = (this.#positions.get(fill.symbol) ?? 0) + signed
    this.#positions.set(fill.symbol, quantity)
    this.#cash -= signed * fill.price + fee
    this.#fills++
    this.#prices.set(fill.symbol, fill.price)
    const notional = Math.abs(quantity) * fill.price
    this.#peakPositionUsd = Math.max(this.#peakPositionUsd, notional)
    this.#markEquity()
    const max = this.#limits?.maxPositionUsd
    if (max !== undefined && notional > max + BREACH_EPSILON_USD) {
      return {
        orderId: fill.orderId,
        symbol: fill.symbol,
        limit: 'maxPositionUsd',
        limitValue: max,
        actualValue: notional,
        tMs,
      }
    }
    return undefined
  }

  /** Marks positions to the tick's mid price. */
  mark(tick: MarketTick): void {
    this.#prices.set(tick.symbol, tick.price)
    this.#markEquity()
  }

  position(symbol: string): number {
    return this.#positions.get(symbol) ?? 0
  }

  /** Cash after every fill and fee. */
  cash(): number {
    return this.#cash
  }

  equity(): number {
    let value = this.#cash
    for (const [symbol, qty] of this.#positions) value += qty * (this.#prices.get(symbol) ?? 0)
    return value
  }

  /** Drawdown of equity from its peak right now, in percent. */
  drawdownPct(): number {
    return ((this.#peakEquity - this.equity()) / this.#peakEquity) * 100
  }

  /** Net quantity per symbol. */
  positions(): Record<string, number> {
    return Object.fromEntries(this.#positions)
  }

  summary(): PortfolioSummary {
    const finalEquityUsd = this.equity()
    return {
      startingCashUsd: this.#startingCash,
      finalEquityUsd,
      pnlUsd: finalEquityUsd - this.#startingCash,
      maxDrawdownPct: this.#maxDrawdownPct,
      peakPositionUsd: this.#peakPositionUsd,
      finalPositions: this.positions(),
      fills: this.#fills,
    }
  }

  #markEquity(): void {
    const value = this.equity()
    this.#peakEquity = Math.max(this.#peakEquity, value)
    this.#maxDrawdownPct = Math.max(
      this.#maxDrawdownPct,
      ((this.#peakEquity - value) / this.#peakEquity) * 100,
    )
  }
}
