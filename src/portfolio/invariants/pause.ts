import type { InvariantViolation, TradingLog } from '../trading-log.js'

/**
 * No risk-increasing order after a pause was acknowledged: while paused, only reduce-only
 * orders may be sent. The violation names every leaked order.
 */
export function checkPauseLeaks(log: TradingLog): InvariantViolation[] {
  const leaked = log.orders.filter(
    (o) =>
      !o.reduceOnly &&
      log.pauses.some(
        (p) => o.sentAtMs >= p.ackMs && (p.endMs === undefined || o.sentAtMs < p.endMs),
      ),
  )
  if (leaked.length === 0) return []
  const shown = leaked
    .slice(0, 10)
    .map((o) => `${o.id} (${o.side} ${o.quantity} ${o.symbol} at ${Math.round(o.sentAtMs)} ms)`)
  return [
    {
      invariant: 'order_leak',
      message: `${leaked.length} risk-increasing order(s) sent after the pause was acknowledged: ${shown.join(', ')}${leaked.length > 10 ? ', ...' : ''}`,
      orderIds: leaked.map((o) => o.id),
    },
  ]
}
