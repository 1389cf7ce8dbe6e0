import { type Control, deny, valuationPrice } from './control.js'

/**
 * Gross exposure limit across symbols in USD (absolute positions plus working orders), refused
 * when an order would take the total past it.
 *
 * @example
 * grossLimitControl(1_000_000)
 */
export function grossLimitControl(maxGrossUsd: number): Control {
  return (request, view) => {
    let gross = 0
    for (const symbol of view.symbols()) {
      const price = view.lastPrice(symbol) ?? (symbol === request.symbol ? request.limitPrice : 0)
      const long = view.position(symbol) + view.openQuantity(symbol, 'buy')
      const short = view.position(symbol) + view.openQuantity(symbol, 'sell')
      gross += Math.max(Math.abs(long), Math.abs(short)) * price
    }
    const position = view.position(request.symbol) + view.openQuantity(request.symbol, request.side)
    const signed = request.side === 'buy' ? request.quantity : -request.quantity
    const added = (Math.abs(position + signed) - Math.abs(position)) * valuationPrice(request, view)
    if (added > 0 && gross + added > maxGrossUsd) {
      return deny(
        'gross_limit',
        `gross exposure ${(gross + added).toFixed(2)} > ${maxGrossUsd} USD`,
      )
    }
    return undefined
  }
}
