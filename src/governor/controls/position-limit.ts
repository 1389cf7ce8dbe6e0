import { type Control, deny, valuationPrice } from './control.js'

/**
 * Per-symbol position limit in USD, counting working orders on the same side as filled: an
 * order that would cross it is trimmed to what fits, or refused when nothing fits. Orders that
 * shrink the exposure always pass (a rally can push a position past the limit).
 *
 * @example
 * positionLimitControl(250_000)
 */
export function positionLimitControl(maxPositionUsd: number): Control {
  return (request, view) => {
    const price = valuationPrice(request, view)
    const limitQty = Math.floor(maxPositionUsd / price)
    const position = view.position(request.symbol)
    // Worst case on this side: everything working on it fills.
    const exposure = position + view.openQuantity(request.symbol, request.side)
    const signed = request.side === 'buy' ? request.quantity : -request.quantity
    const after = Math.abs(exposure + signed)
    // Within the limit, or shrinking an exposure a price move pushed past it.
    if (after <= limitQty || after < Math.abs(exposure)) return undefined
    const room = request.side === 'buy' ? limitQty - exposure : limitQty + exposure
    if (room >= 1 && room < request.quantity) {
      return {
        kind: 'trim',
        control: 'position_limit',
        quantity: room,
        reason: `position limit ${maxPositionUsd} USD`,
      }
    }
    return deny('position_limit', `position limit ${maxPositionUsd} USD`)
  }
}
