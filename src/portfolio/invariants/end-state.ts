import { booksFromFills } from '../fill-books.js'
import type { InvariantViolation, TradingLog } from '../trading-log.js'

const TERMINAL = new Set(['cancelled', 'rejected'])

/** Flat with no working orders at the end; throttle conservation (received = sent + denied). */
export function checkEndState(log: TradingLog): InvariantViolation[] {
  const out: InvariantViolation[] = []
  const open = log.orders.filter((o) => {
    const filled = o.events.reduce((s, e) => s + (e.type === 'fill' ? e.quantity : 0), 0)
    return filled < o.quantity && !o.events.some((e) => TERMINAL.has(e.type))
  })
  if (open.length > 0) {
    out.push({
      invariant: 'open_orders_at_end',
      message: `${open.length} order(s) still working at the end: ${open
        .slice(0, 10)
        .map((o) => o.id)
        .join(', ')}`,
      orderIds: open.map((o) => o.id),
    })
  }
  const books = booksFromFills(log.startingCashUsd, log.fills)
  const notFlat = [...books.positions]
    .filter(([, q]) => !q.eq(0))
    .map(([s, q]) => `${s} ${q.toString()}`)
  if (notFlat.length > 0)
    out.push({ invariant: 'not_flat', message: `positions at the end: ${notFlat.join(', ')}` })
  const t = log.throttle
  if (t && t.received !== t.sent + t.denied) {
    out.push({
      invariant: 'throttle_conservation',
      message: `received ${t.received} != sent ${t.sent} + denied ${t.denied}`,
    })
  }
  return out
}
