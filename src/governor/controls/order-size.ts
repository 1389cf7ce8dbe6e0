import { type Control, deny } from './control.js'

/**
 * Fat-finger limits: quantity and notional (at the limit price) of a single order.
 *
 * @example
 * orderSizeControl({ maxQuantity: 1_000, maxNotionalUsd: 100_000 })
 */
export function orderSizeControl(limits: {
  maxQuantity?: number
  maxNotionalUsd?: number
}): Control {
  return (request) => {
    if (limits.maxQuantity !== undefined && request.quantity > limits.maxQuantity) {
      return deny('max_order_quantity', `quantity ${request.quantity} > ${limits.maxQuantity}`)
    }
    const notional = request.quantity * request.limitPrice
    if (limits.maxNotionalUsd !== undefined && notional > limits.maxNotionalUsd) {
      return deny(
        'max_order_notional',
        `notional ${notional.toFixed(2)} > ${limits.maxNotionalUsd}`,
      )
    }
    return undefined
  }
}
