import type { InvariantViolation, TradingLog } from '../trading-log.js'

/**
 * No lost, unexpected or duplicate fills: every fill the venue reported is booked exactly once,
 * every booked fill was reported by the venue for a known order, and no order fills past its
 * quantity.
 */
export function checkFills(log: TradingLog): InvariantViolation[] {
  const out: InvariantViolation[] = []
  const reported = new Map<string, string>()
  const filledByOrder = new Map<string, number>()
  for (const order of log.orders) {
    for (const e of order.events) {
      if (e.type !== 'fill') continue
      reported.set(e.fillId, order.id)
      filledByOrder.set(order.id, (filledByOrder.get(order.id) ?? 0) + e.quantity)
    }
    const filled = filledByOrder.get(order.id) ?? 0
    if (filled > order.quantity) {
      out.push({
        invariant: 'overfill',
        message: `order ${order.id} filled ${filled} of ${order.quantity}`,
        orderIds: [order.id],
      })
    }
  }
  const booked = new Map<string, number>()
  for (const fill of log.fills) {
    booked.set(fill.fillId, (booked.get(fill.fillId) ?? 0) + 1)
    if (!reported.has(fill.fillId)) {
      out.push({
        invariant: 'unexpected_fill',
        message: `fill ${fill.fillId} of order ${fill.orderId} was booked but never reported by the venue`,
        orderIds: [fill.orderId],
      })
    }
  }
  for (const [fillId, count] of booked) {
    if (count > 1) {
      out.push({
        invariant: 'duplicate_fill',
        message: `fill ${fillId} was booked ${count} times`,
        orderIds: [reported.get(fillId) ?? '?'],
      })
    }
  }
  for (const [fillId, orderId] of reported) {
    if (!booked.has(fillId)) {
      out.push({
        invariant: 'lost_fill',
        message: `fill ${fillId} of order ${orderId} was reported by the venue but never booked`,
        orderIds: [orderId],
      })
    }
  }
  return out
}
