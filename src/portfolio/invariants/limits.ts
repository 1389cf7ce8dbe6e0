import type { Side } from '../../contract/trading.js'
import type { InvariantViolation, TradingLog } from '../trading-log.js'

/**
 * Limits hold at every point, counting working orders: when each order is sent, the worst-case
 * position on its side (filled plus everything working on that side, this order included) valued
 * at the mid of that moment must stay within maxPositionUsd. Fills only realise exposure already
 * accepted, and later price moves are the market's, not a control failure, so they are not
 * re-checked. Reduce-only orders are exempt.
 */
export function checkLimits(log: TradingLog): InvariantViolation[] {
  type Point = {
    tMs: number
    kind: 'send' | 'fill' | 'close'
    orderId: string
    symbol: string
    side: Side
    quantity: number
  }
  const points: Point[] = []
  for (const o of log.orders) {
    points.push({
      tMs: o.sentAtMs,
      kind: 'send',
      orderId: o.id,
      symbol: o.symbol,
      side: o.side,
      quantity: o.quantity,
    })
    for (const e of o.events) {
      if (e.type === 'fill')
        points.push({
          tMs: e.tMs,
          kind: 'fill',
          orderId: o.id,
          symbol: o.symbol,
          side: o.side,
          quantity: e.quantity,
        })
      if (e.type === 'cancelled' || e.type === 'rejected')
        points.push({
          tMs: e.tMs,
          kind: 'close',
          orderId: o.id,
          symbol: o.symbol,
          side: o.side,
          quantity: 0,
        })
    }
  }
  points.sort((a, b) => a.tMs - b.tMs || (a.kind === 'close' ? -1 : 0))
  const position = new Map<string, number>()
  const remaining = new Map<string, { key: string; left: number }>()
  // What is still working per symbol and side, kept as orders fill and close: O(1) a point.
  const workingQty = new Map<string, number>()
  const setLeft = (orderId: string, key: string, left: number | undefined): void => {
    const before = Math.max(0, remaining.get(orderId)?.left ?? 0)
    const after = Math.max(0, left ?? 0)
    workingQty.set(key, (workingQty.get(key) ?? 0) + after - before)
    if (left === undefined) remaining.delete(orderId)
    else remaining.set(orderId, { key, left })
  }
  const reduceOnly = new Set(log.orders.filter((o) => o.reduceOnly).map((o) => o.id))
  const out: InvariantViolation[] = []
  for (const p of points) {
    const signed = p.side === 'buy' ? p.quantity : -p.quantity
    const key = `${p.symbol}\u0000${p.side}`
    if (p.kind === 'send') {
      setLeft(p.orderId, key, p.quantity)
    } else if (p.kind === 'fill') {
      position.set(p.symbol, (position.get(p.symbol) ?? 0) + signed)
      setLeft(p.orderId, key, (remaining.get(p.orderId)?.left ?? 0) - p.quantity)
    } else {
      setLeft(p.orderId, key, undefined)
    }
    if (p.kind !== 'send' || reduceOnly.has(p.orderId)) continue
    const left = workingQty.get(key) ?? 0
    const worst = (position.get(p.symbol) ?? 0) + (p.side === 'buy' ? left : -left)
    const usd = Math.abs(worst) * log.priceAt(p.symbol, p.tMs)
    if (usd > log.limits.maxPositionUsd + 1e-6) {
      out.push({
        invariant: 'limit',
        message: `at ${p.tMs} ms (${p.kind} of ${p.orderId}) ${p.symbol} exposure counting working orders is ${usd.toFixed(2)} USD > ${log.limits.maxPositionUsd}`,
        orderIds: [p.orderId],
      })
    }
  }
  return out
}
