import type { MarketTick, Side } from '../contract/trading.js'
import { MarketSpecError } from '../market/market-error.js'
import { type MarketPath, tickAt } from '../market/market-path.js'
import { fillPrice } from '../market/slippage.js'

/**
 * The run's position on its price path: the tick in force now, moved forward as the load's time
 * passes, and the prices orders execute at (depth-dependent slippage around the mid).
 *
 * @example
 * const market = new MarketCursor(path)
 * market.advance(1_000, (tick) => engine.onTick(tick))
 * market.executionPrice('buy')
 */
export class MarketCursor {
  readonly path: MarketPath
  #tick: MarketTick
  #next = 0

  constructor(path: MarketPath) {
    const first = path.ticks[0]
    if (first === undefined) {
      throw new MarketSpecError(`market model "${path.kind}" built a path with no ticks`)
    }
    this.path = path
    this.#tick = first
  }

  /** The tick in force. */
  get tick(): MarketTick {
    return this.#tick
  }

  /** When the next tick not yet delivered happens, ms from the start; undefined: none left. */
  get nextTickMs(): number | undefined {
    return this.path.ticks[this.#next]?.tMs
  }

  /** Moves through every tick at or before `untilMs` (ms from the start), calling `onTick` on each. */
  advance(untilMs: number, onTick: (tick: MarketTick) => void): void {
    const { ticks } = this.path
    while (this.#next < ticks.length) {
      const next = ticks[this.#next]
      if (next === undefined || next.tMs > untilMs) break
      this.#tick = next
      this.#next++
      onTick(next)
    }
  }

  /** What an order on `side` executes at now. */
  executionPrice(side: Side): number {
    return fillPrice({ side, mid: this.#tick.price, depthPct: this.#tick.depthPct })
  }

  /** What an order on `side` executes at `offsetMs` from the start (the venue's own time). */
  executionPriceAt(side: Side, offsetMs: number): number {
    const at = tickAt(this.path, offsetMs)
    return fillPrice({ side, mid: at.price, depthPct: at.depthPct })
  }

  /** The tick in force at `offsetMs` from the start. */
  tickAt(offsetMs: number): MarketTick {
    return tickAt(this.path, offsetMs)
  }
}
