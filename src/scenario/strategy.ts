import type { Rng } from '../common/random.js'
import type { DecisionRequest, MarketTick } from '../contract/trading.js'
import type { StrategyOptions } from './scenario-spec.js'

/**
 * Builds the seeded stream of requests: side, size and a marketable limit around the current mid.
 *
 * @example
 * const next = requestGenerator('flash_crash', rng, {})
 * next(0, tick) // { id: 'flash_crash-0', side: 'buy', quantity: 57, limitPrice: 100.5, ... }
 */
export function requestGenerator(
  scenario: string,
  rng: Rng,
  options: StrategyOptions = {},
): (index: number, tick: MarketTick) => DecisionRequest {
  const buyProbability = options.buyProbability ?? 0.6
  const minQuantity = options.minQuantity ?? 10
  const maxQuantity = Math.max(minQuantity, options.maxQuantity ?? 200)
  const collar = (options.collarBps ?? 50) / 10_000
  return (index, tick) => {
    const side = rng.next() < buyProbability ? 'buy' : 'sell'
    const quantity = rng.int(minQuantity, maxQuantity)
    const limitPrice = side === 'buy' ? tick.price * (1 + collar) : tick.price * (1 - collar)
    return {
      id: `${scenario}-${index}`,
      strategy: `strategy-${index % 4}`,
      symbol: tick.symbol,
      side,
      quantity,
      limitPrice,
    }
  }
}
