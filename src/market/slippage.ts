import type { Side } from '../contract/trading.js'
/** Options of {@link fillPrice}. */
export interface SlippageModel {
  /** Quoted spread at normal depth, in basis points. @default 2 */
  baseSpreadBps?: number
}

/**
 * The price a marketable order pays: the mid plus half the spread, where the spread widens as
 * displayed depth evaporates: spread = baseSpread / sqrt(depth fraction). At 1% depth the spread
 * is 10x normal. (Square-root impact and Almgren-Chriss come with the market issue.)
 *
 * @example
 * fillPrice({ side: 'buy', mid: 100, depthPct: 100 }) // 100.01 with a 2 bps spread
 */
export function fillPrice(
  order: { side: Side; mid: number; depthPct: number },
  model: SlippageModel = {},
): number {
  const spreadBps = (model.baseSpreadBps ?? 2) / Math.sqrt(Math.max(order.depthPct, 1e-6) / 100)
  const half = (spreadBps / 2 / 10_000) * order.mid
  return order.side === 'buy' ? order.mid + half : order.mid - half
}
