import { MarketSpecError } from './market-error.js'
/**
 * The square-root law of market impact: the price moves by
 * impact / price = Y * sigma_daily * sqrt(Q / V), with Y of order 0.5-1 across markets.
 *
 * @example
 * squareRootImpact({ y: 1, dailyVolatility: 0.02, quantity: 10_000, dailyVolume: 1_000_000 }) // 0.002 (20 bps)
 */
export function squareRootImpact(p: {
  y: number
  dailyVolatility: number
  quantity: number
  dailyVolume: number
}): number {
  if (!(p.dailyVolume > 0)) {
    throw new MarketSpecError(`squareRootImpact: dailyVolume must be > 0, got ${p.dailyVolume}`)
  }
  if (!(p.quantity >= 0))
    throw new MarketSpecError(`squareRootImpact: quantity must be >= 0, got ${p.quantity}`)
  return p.y * p.dailyVolatility * Math.sqrt(p.quantity / p.dailyVolume)
}

/** Parameters of the Almgren-Chriss (2000) linear impact model. */
export interface AlmgrenChrissParams {
  /** Fixed cost per share: half the spread plus fees (epsilon). */
  epsilon: number
  /** Temporary impact per unit of trading rate (eta). */
  eta: number
  /** Permanent impact per share traded (gamma). */
  gamma: number
}

/**
 * Almgren-Chriss impact of trading at rate v (shares per unit time, signed: > 0 buys) for a
 * time tau: temporary h(v) = epsilon * sgn(v) + eta * v, paid on each share of this slice;
 * permanent g(v) = gamma * v, shifting the price for everything after it by g(v) * tau.
 *
 * @example
 * almgrenChriss({ epsilon: 0.0625, eta: 2.5e-6, gamma: 2.5e-7 }, 10_000, 1)
 * // { temporary: 0.0875, permanent: 0.0025 }
 */
export function almgrenChriss(
  params: AlmgrenChrissParams,
  rate: number,
  tau: number,
): { temporary: number; permanent: number } {
  return {
    temporary: params.epsilon * Math.sign(rate) + params.eta * rate,
    permanent: params.gamma * rate * tau,
  }
}
