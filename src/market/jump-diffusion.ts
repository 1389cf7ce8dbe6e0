import { seededRng } from '../common/random.js'
import type { MarketTick } from '../contract/trading.js'
import { MarketSpecError } from './market-error.js'
import type { MarketPath, MarketSpec } from './market-path.js'
import { poisson } from './poisson.js'

/** A trading year: 252 days of 6.5 hours, in ms. Drift and volatility are per this year. */
export const TRADING_YEAR_MS = 252 * 6.5 * 3_600_000

/** Options of {@link mertonJumpDiffusion} (and {@link gbm}, which has no jumps). */
export interface JumpDiffusionOptions {
  /** Annual drift mu. @default 0 */
  mu?: number
  /** Annual volatility sigma (0.2 = 20%). @default 0.2 */
  sigma?: number
  /** Jumps per year, lambda. @default 0 */
  lambda?: number
  /** Mean log jump size muJ. @default -0.02 */
  jumpMean?: number
  /** Standard deviation of the log jump size sigmaJ. @default 0.01 */
  jumpStd?: number
  /** @default 100 */
  startPrice?: number
  /** @default 10 */
  tickMs?: number
  /** @default 'ES' */
  symbol?: string
  /** Length of the year the rates refer to, in ms. @default TRADING_YEAR_MS */
  yearMs?: number
}

/** The model with every default filled in. */
export interface JumpDiffusionSpec extends MarketSpec {
  readonly kind: 'gbm' | 'merton'
  readonly options: Readonly<Required<JumpDiffusionOptions>>
}

function fill(options: JumpDiffusionOptions): Required<JumpDiffusionOptions> {
  const o = {
    mu: options.mu ?? 0,
    sigma: options.sigma ?? 0.2,
    lambda: options.lambda ?? 0,
    jumpMean: options.jumpMean ?? -0.02,
    jumpStd: options.jumpStd ?? 0.01,
    startPrice: options.startPrice ?? 100,
    tickMs: options.tickMs ?? 10,
    symbol: options.symbol ?? 'ES',
    yearMs: options.yearMs ?? TRADING_YEAR_MS,
  }
  const bad = (name: string, value: number, allowed: string): never => {
    throw new MarketSpecError(
      `jump diffusion: ${name} = ${value} is out of range; allowed: ${allowed}. Example: mertonJumpDiffusion({ sigma: 0.2, lambda: 50, jumpMean: -0.02, jumpStd: 0.01 }).`,
    )
  }
  if (!Number.isFinite(o.mu)) bad('mu', o.mu, 'a finite number')
  if (!(o.sigma >= 0)) bad('sigma', o.sigma, 'sigma >= 0')
  if (!(o.lambda >= 0)) bad('lambda', o.lambda, 'lambda >= 0')
  if (!Number.isFinite(o.jumpMean)) bad('jumpMean', o.jumpMean, 'a finite number')
  if (!(o.jumpStd >= 0)) bad('jumpStd', o.jumpStd, 'jumpStd >= 0')
  if (!(o.startPrice > 0)) bad('startPrice', o.startPrice, 'startPrice > 0')
  if (!(o.tickMs > 0)) bad('tickMs', o.tickMs, 'tickMs > 0')
  if (!(o.yearMs > 0)) bad('yearMs', o.yearMs, 'yearMs > 0')
  return o
}

/**
 * Merton jump-diffusion, stepped exactly: with dt = tickMs / yearMs,
 * ln(S'/S) = (mu - lambda*k - sigma^2/2) dt + sigma sqrt(dt) Z + sum_{i=1..N} J_i,
 * Z ~ N(0,1), N ~ Poisson(lambda dt), J_i ~ N(muJ, sigmaJ^2), k = exp(muJ + sigmaJ^2/2) - 1
 * (the compensator keeps E[S_t] = S_0 e^{mu t}).
 *
 * @example
 * const market = mertonJumpDiffusion({ sigma: 0.3, lambda: 500, jumpMean: -0.01, jumpStd: 0.005 })
 * const path = market.build(42, 60_000)
 */
export function mertonJumpDiffusion(options: JumpDiffusionOptions = {}): JumpDiffusionSpec {
  return model(options.lambda ? 'merton' : 'gbm', fill(options))
}

/**
 * Geometric Brownian motion, stepped exactly: ln(S'/S) = (mu - sigma^2/2) dt + sigma sqrt(dt) Z.
 *
 * @example
 * const path = gbm({ sigma: 0.25 }).build(7, 10_000)
 */
export function gbm(
  options: Omit<JumpDiffusionOptions, 'lambda' | 'jumpMean' | 'jumpStd'> = {},
): JumpDiffusionSpec {
  return model('gbm', fill({ ...options, lambda: 0 }))
}

function model(kind: 'gbm' | 'merton', o: Required<JumpDiffusionOptions>): JumpDiffusionSpec {
  return {
    kind,
    options: o,
    build(seed, durationMs): MarketPath {
      const rng = seededRng(seed)
      const dt = o.tickMs / o.yearMs
      const k = Math.exp(o.jumpMean + (o.jumpStd * o.jumpStd) / 2) - 1
      const drift = (o.mu - o.lambda * k - (o.sigma * o.sigma) / 2) * dt
      const diffusion = o.sigma * Math.sqrt(dt)
      const ticks: MarketTick[] = []
      let logReturn = 0
      for (let tMs = 0; tMs <= durationMs; tMs += o.tickMs) {
        ticks.push({
          tMs,
          symbol: o.symbol,
          price: o.startPrice * Math.exp(logReturn),
          depthPct: 100,
        })
        let step = drift + diffusion * rng.normal()
        const jumps = o.lambda > 0 ? poisson(rng, o.lambda * dt) : 0
        for (let i = 0; i < jumps; i++) step += o.jumpMean + o.jumpStd * rng.normal()
        logReturn += step
      }
      return { kind, symbol: o.symbol, tickMs: o.tickMs, ticks }
    },
  }
}
