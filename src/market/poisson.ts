import type { Rng } from '../common/random.js'
import { MarketSpecError } from './market-error.js'

/**
 * A Poisson(lambda) draw by Knuth's multiplication method: exact, and fast for the small
 * per-step intensities of jump processes (lambda * dt is well below 1). Refuses lambda > 30,
 * where the method loses precision.
 *
 * @example
 * poisson(rng, 0.05) // 0 most of the time, sometimes 1
 */
export function poisson(rng: Rng, lambda: number): number {
  if (!(lambda >= 0) || lambda > 30) {
    throw new MarketSpecError(
      `poisson: lambda must be in [0, 30], got ${lambda}. Use smaller time steps.`,
    )
  }
  const limit = Math.exp(-lambda)
  let k = 0
  let product = rng.next()
  while (product > limit) {
    k++
    product *= rng.next()
  }
  return k
}
