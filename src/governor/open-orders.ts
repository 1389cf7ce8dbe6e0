import type { Side } from '../contract/trading.js'
import type { OpenOrder } from './controls/control.js'

/** Working orders by id, with per-symbol, per-side totals kept in step. */
export class OpenOrders {
  readonly #orders = new Map<string, OpenOrder>()

  add(order: OpenOrder): void {
    this.#orders.set(order.id, order)
  }

  /** Reduces an order by a fill; removes it when nothing remains. */
  fill(id: string, quantity: number): void {
    const order = this.#orders.get(id)
    if (!order) return
    const remaining = order.remaining - quantity
    if (remaining > 0) this.#orders.set(id, { ...order, remaining })
    else this.#orders.delete(id)
  }

  remove(id: string): OpenOrder | undefined {
    const order = this.#orders.get(id)
    this.#orders.delete(id)
    return order
  }

  /** Signed remaining quantity of working orders on one side: buys positive, sells negative. */
  quantity(symbol: string, side: Side): number {
    let total = 0
    for (const o of this.#orders.values()) {
      if (o.symbol === symbol && o.side === side) total += o.remaining
    }
    return side === 'buy' ? total : -total
  }

  ids(): string[] {
    return [...this.#orders.keys()]
  }

  symbols(): string[] {
    return [...new Set([...this.#orders.values()].map((o) => o.symbol))]
  }

  get size(): number {
    return this.#orders.size
  }
}
