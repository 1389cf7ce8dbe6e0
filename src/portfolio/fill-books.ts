import Big from 'big.js'
import type { BookedFill } from './trading-log.js'

/** Positions, cash and fees recomputed from fills alone, in exact decimal arithmetic. */
export interface FillBooks {
  readonly positions: ReadonlyMap<string, Big>
  readonly cash: Big
  readonly fees: Big
}

/**
 * position = sum of signed fill quantities; cash = start - sum(side * qty * price) - fees.
 * Exact (big.js decimals): 0.1 + 0.2 is 0.3 here.
 *
 * @example
 * booksFromFills(1_000, [{ side: 'buy', quantity: 3, price: 0.1, fee: 0.01, ... }]).cash.toString() // '999.69'
 */
export function booksFromFills(startingCashUsd: number, fills: readonly BookedFill[]): FillBooks {
  const positions = new Map<string, Big>()
  let cash = new Big(startingCashUsd)
  let fees = new Big(0)
  for (const fill of fills) {
    const signed = new Big(fill.quantity).times(fill.side === 'buy' ? 1 : -1)
    positions.set(fill.symbol, (positions.get(fill.symbol) ?? new Big(0)).plus(signed))
    cash = cash.minus(signed.times(fill.price)).minus(fill.fee)
    fees = fees.plus(fill.fee)
  }
  return { positions, cash, fees }
}

/**
 * PnL at the given marks: cash + sum(position * mark) - starting cash.
 *
 * @example
 * markedPnl(books, 1_000, { ES: 101 })
 */
export function markedPnl(
  books: FillBooks,
  startingCashUsd: number,
  marks: Readonly<Record<string, number>>,
): Big {
  let value = books.cash
  for (const [symbol, qty] of books.positions) value = value.plus(qty.times(marks[symbol] ?? 0))
  return value.minus(startingCashUsd)
}
