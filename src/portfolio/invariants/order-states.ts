import type { InvariantViolation, OrderEvent, TradingLog } from '../trading-log.js'

type State = 'sent' | 'acked' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected'

const TERMINAL: ReadonlySet<State> = new Set(['filled', 'cancelled', 'rejected'])

function next(
  state: State,
  event: OrderEvent,
  filled: number,
  quantity: number,
): State | undefined {
  if (TERMINAL.has(state)) return undefined
  switch (event.type) {
    case 'ack':
      return state === 'sent' ? 'acked' : undefined
    case 'rejected':
      return state === 'sent' ? 'rejected' : undefined
    case 'cancelled':
      return 'cancelled'
    case 'fill':
      if (state === 'sent') return undefined // a fill before the ack
      return filled >= quantity ? 'filled' : 'partially_filled'
  }
}

/**
 * Every order follows sent -> acked -> (partially_filled ->)* filled | cancelled, or
 * sent -> rejected; nothing happens after a terminal state and events are in time order.
 */
export function checkOrderStates(log: TradingLog): InvariantViolation[] {
  const out: InvariantViolation[] = []
  for (const order of log.orders) {
    let state: State = 'sent'
    let filled = 0
    let lastT = order.sentAtMs
    for (const event of order.events) {
      if (event.tMs < lastT) {
        out.push({
          invariant: 'order_state',
          message: `order ${order.id}: ${event.type} at ${event.tMs} ms is before the previous event at ${lastT} ms`,
          orderIds: [order.id],
        })
        break
      }
      lastT = event.tMs
      if (event.type === 'fill') filled += event.quantity
      const to = next(state, event, filled, order.quantity)
      if (to === undefined) {
        out.push({
          invariant: 'order_state',
          message: `order ${order.id}: ${event.type} is not allowed in state ${state}`,
          orderIds: [order.id],
        })
        break
      }
      state = to
    }
  }
  return out
}
