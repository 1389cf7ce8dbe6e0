import type { RejectReason } from './broker-events.js'

/** What the venue checks before it accepts an order. */
export interface OrderFields {
  readonly symbol: string
  readonly quantity: number
  readonly limitPrice?: number | undefined
}

/** A rule the order broke. */
export interface RuleViolation {
  readonly reason: RejectReason
  readonly message: string
}

/**
 * The first venue rule `order` breaks, or undefined: quantity a whole number > 0, limit price
 * (if any) finite and > 0, symbol among `symbols` (when the venue lists them).
 *
 * @example
 * ruleViolation({ symbol: 'ES', quantity: 0 }, undefined)?.reason // 'invalid_quantity'
 */
export function ruleViolation(
  order: OrderFields,
  symbols: ReadonlySet<string> | undefined,
): RuleViolation | undefined {
  const { quantity, limitPrice, symbol } = order
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    return {
      reason: 'invalid_quantity',
      message: `quantity = ${String(quantity)} is not allowed; allowed: a whole number of shares > 0, e.g. 100.`,
    }
  }
  if (limitPrice !== undefined && !(Number.isFinite(limitPrice) && limitPrice > 0)) {
    return {
      reason: 'invalid_limit_price',
      message: `limitPrice = ${String(limitPrice)} is not allowed; allowed: a finite price > 0, or no limitPrice for a market order.`,
    }
  }
  if (symbols !== undefined && !symbols.has(symbol)) {
    const listed = [...symbols].slice(0, 20).join(', ')
    return {
      reason: 'unknown_symbol',
      message: `symbol = ${JSON.stringify(symbol)} is not traded here; allowed: ${listed}${symbols.size > 20 ? ', ...' : ''}.`,
    }
  }
  return undefined
}
