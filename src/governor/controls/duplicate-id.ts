import { type Control, deny } from './control.js'

/**
 * Refuses an order id seen before (a resend must not become a second order).
 *
 * @example
 * const control = duplicateIdControl()
 */
export function duplicateIdControl(): Control {
  const seen = new Set<string>()
  return (request) => {
    if (seen.has(request.id))
      return deny('duplicate_order_id', `order id ${request.id} was already used`)
    seen.add(request.id)
    return undefined
  }
}
