import type { MarketPath } from '../market/market-path.js'
import type { MarketSummary } from './scenario-result.js'

/** Start, low, end, deepest fall from a running high, and thinnest depth of a path. */
export function summarizeMarket(path: MarketPath): MarketSummary {
  const first = path.ticks[0]
  const last = path.ticks[path.ticks.length - 1]
  let high = first?.price ?? 0
  let minPrice = Number.POSITIVE_INFINITY
  let maxDropPct = 0
  let minDepthPct = Number.POSITIVE_INFINITY
  for (const tick of path.ticks) {
    high = Math.max(high, tick.price)
    minPrice = Math.min(minPrice, tick.price)
    minDepthPct = Math.min(minDepthPct, tick.depthPct)
    maxDropPct = Math.max(maxDropPct, ((high - tick.price) / high) * 100)
  }
  return {
    kind: path.kind,
    symbol: path.symbol,
    startPrice: first?.price ?? 0,
    minPrice: Number.isFinite(minPrice) ? minPrice : 0,
    endPrice: last?.price ?? 0,
    maxDropPct,
    minDepthPct: Number.isFinite(minDepthPct) ? minDepthPct : 0,
  }
}
