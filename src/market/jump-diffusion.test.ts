import { describe, expect, test } from 'vitest'
import { gbm, mertonJumpDiffusion } from './jump-diffusion.js'
import { MarketSpecError } from './market-error.js'

const logReturns = (prices: number[]): number[] =>
  prices.slice(1).map((p, i) => Math.log(p / (prices[i] ?? p)))
const moments = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)
  return { mean, variance }
}

// A toy year of 100 ticks makes dt = 0.01, so drift is measurable in 200k steps.
const toy = { tickMs: 1, yearMs: 100 }
const N = 200_000

describe('gbm', () => {
  test('log-returns have mean (mu - sigma^2/2) dt and variance sigma^2 dt', () => {
    // mu - sigma^2/2 = -0.1 per toy year: the path drifts down without leaving float range.
    const path = gbm({ mu: 0.025, sigma: 0.5, ...toy }).build(11, N)
    const { mean, variance } = moments(logReturns(path.ticks.map((t) => t.price)))
    const dt = 0.01
    const sd = 0.5 * Math.sqrt(dt)
    expect(Math.abs(mean - (0.025 - 0.125) * dt), 'mean within 4 standard errors').toBeLessThan(
      (4 * sd) / Math.sqrt(N),
    )
    expect(Math.abs(variance / (0.25 * dt) - 1), 'variance within 2%').toBeLessThan(0.02)
  })

  test('the same seed gives the same path', () => {
    const a = gbm().build(3, 1_000).ticks
    expect(gbm().build(3, 1_000).ticks).toEqual(a)
    expect(gbm().build(4, 1_000).ticks).not.toEqual(a)
    expect(a[0]?.price).toBe(100)
  })
})

describe('mertonJumpDiffusion', () => {
  // lambda dt = 0.05 jumps per step; muJ = -0.1, sigmaJ = 0.05; mu chosen so log prices stay near 0.
  const params = { mu: 0.075, sigma: 0.3, lambda: 5, jumpMean: -0.1, jumpStd: 0.05, ...toy }

  test('log-return variance is sigma^2 dt + lambda dt (muJ^2 + sigmaJ^2)', () => {
    const path = mertonJumpDiffusion(params).build(5, N)
    const { variance } = moments(logReturns(path.ticks.map((t) => t.price)))
    const expected = 0.09 * 0.01 + 0.05 * (0.01 + 0.0025)
    expect(Math.abs(variance / expected - 1)).toBeLessThan(0.03)
  })

  test('the compensator keeps the expected gross return at e^(mu dt) per step', () => {
    const path = mertonJumpDiffusion(params).build(6, N)
    const gross = logReturns(path.ticks.map((t) => t.price)).map((r) => Math.exp(r))
    const { mean, variance } = moments(gross)
    expect(Math.abs(mean - Math.exp(0.075 * 0.01)), 'within 4 standard errors').toBeLessThan(
      4 * Math.sqrt(variance / N),
    )
  })

  test('jumps show as fat tails: far more 5-sigma moves than the diffusion alone makes', () => {
    const returns = logReturns(
      mertonJumpDiffusion(params)
        .build(8, N)
        .ticks.map((t) => t.price),
    )
    const fiveSigma = 5 * 0.3 * Math.sqrt(0.01)
    const big = returns.filter((r) => Math.abs(r) > fiveSigma).length
    // N * lambda dt = 10_000 jump steps; a jump step is ~N(-0.1, 0.05^2 + 0.03^2), past -0.15 with
    // probability Phi(-0.857) = 0.196, so ~1960 such moves; the diffusion alone gives ~0.1.
    expect(big).toBeGreaterThan(1_600)
    expect(big).toBeLessThan(2_400)
  })

  test('without jumps it is GBM', () => {
    expect(mertonJumpDiffusion({ sigma: 0.2 }).kind).toBe('gbm')
    expect(mertonJumpDiffusion({ sigma: 0.2 }).build(1, 500).ticks).toEqual(
      gbm({ sigma: 0.2 }).build(1, 500).ticks,
    )
  })

  test.each([
    [{ sigma: -0.1 }, /sigma = -0.1 is out of range; allowed: sigma >= 0/],
    [{ lambda: -1 }, /lambda = -1 is out of range/],
    [{ startPrice: 0 }, /startPrice = 0 is out of range; allowed: startPrice > 0/],
  ])('rejects %o', (options, message) => {
    expect(() => mertonJumpDiffusion(options)).toThrow(MarketSpecError)
    expect(() => mertonJumpDiffusion(options)).toThrow(message)
  })
})
