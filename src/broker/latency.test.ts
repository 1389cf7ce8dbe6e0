import { describe, expect, test } from 'vitest'
import { seededRng } from '../common/random.js'
import { BrokerSpecError } from './broker-error.js'
import {
  constantLatency,
  type LatencySpec,
  latencySampler,
  lognormalLatency,
  uniformLatency,
  Z_P99,
} from './latency.js'

const draw = (spec: LatencySpec, n: number, seed = 1): number[] => {
  const sample = latencySampler(spec, seededRng(seed))
  return Array.from({ length: n }, sample)
}

const quantile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN

describe('latency distributions', () => {
  test('constant is always its value', () => {
    expect(draw(constantLatency(2.5), 5)).toEqual([2.5, 2.5, 2.5, 2.5, 2.5])
  })

  test('uniform stays in [min, max] and averages the midpoint', () => {
    const samples = draw(uniformLatency(1, 3), 50_000)
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(1)
    expect(Math.max(...samples)).toBeLessThanOrEqual(3)
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length
    // sd of a uniform on width 2 is 2/sqrt(12); 5 standard errors of the mean
    expect(Math.abs(mean - 2), 'mean').toBeLessThan((5 * (2 / Math.sqrt(12))) / Math.sqrt(50_000))
  })

  test('lognormal hits its median and p99 over many samples', () => {
    const samples = draw(lognormalLatency({ medianMs: 0.8, p99Ms: 5 }), 200_000, 7).sort(
      (a, b) => a - b,
    )
    expect(Math.abs(quantile(samples, 0.5) / 0.8 - 1), 'median within 2%').toBeLessThan(0.02)
    expect(Math.abs(quantile(samples, 0.99) / 5 - 1), 'p99 within 4%').toBeLessThan(0.04)
    // p90 = median * exp(1.2816 * sigma): checks the whole shape, not only the two anchors
    const sigma = Math.log(5 / 0.8) / Z_P99
    expect(
      Math.abs(quantile(samples, 0.9) / (0.8 * Math.exp(1.2816 * sigma)) - 1),
      'p90',
    ).toBeLessThan(0.03)
    expect(samples[0], 'strictly positive').toBeGreaterThan(0)
  })

  test('lognormal sigma follows sigma = ln(p99 / median) / 2.3263', () => {
    // With the same normal draws, exp(mu + sigma z): ln(sample / median) / z = sigma.
    const z = seededRng(3).normal()
    const sample = latencySampler(lognormalLatency({ medianMs: 2, p99Ms: 20 }), seededRng(3))()
    expect(Math.log(sample / 2) / z).toBeCloseTo(Math.log(10) / 2.3263, 4)
    expect(Z_P99).toBeCloseTo(2.3263, 4)
  })

  test('same seed, same draws; different seed, different draws', () => {
    const spec = lognormalLatency({ medianMs: 1, p99Ms: 4 })
    expect(draw(spec, 20, 42)).toEqual(draw(spec, 20, 42))
    expect(draw(spec, 20, 42)).not.toEqual(draw(spec, 20, 43))
  })

  test('invalid specs name the field, the value and the allowed range', () => {
    expect(() => constantLatency(-1)).toThrow(BrokerSpecError)
    expect(() => constantLatency(-1)).toThrow(/ms = -1 is out of range; allowed: ms >= 0/)
    expect(() => uniformLatency(3, 1)).toThrow(/maxMs = 1 is out of range; allowed: maxMs >= minMs/)
    expect(() => uniformLatency(Number.NaN, 1)).toThrow(/minMs = NaN/)
    expect(() => lognormalLatency({ medianMs: 0, p99Ms: 1 })).toThrow(/medianMs = 0/)
    expect(() => lognormalLatency({ medianMs: 2, p99Ms: 1 })).toThrow(
      /p99Ms = 1 is out of range; allowed: p99Ms > medianMs \(2\); for no spread use constantLatency/,
    )
    const bogus = { kind: 'gamma' } as unknown as LatencySpec
    expect(() => latencySampler(bogus, seededRng(1), 'fillLatency')).toThrow(
      /fillLatency: kind = "gamma" is not a latency distribution; allowed: 'constant', 'uniform', 'lognormal'/,
    )
  })
})
