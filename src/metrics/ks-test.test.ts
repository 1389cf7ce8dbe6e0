import { describe, expect, test } from 'vitest'
import { encoded } from '../report/compare-fixture.js'
import { kolmogorovSurvival, ksTestEncoded } from './ks-test.js'

describe('kolmogorovSurvival', () => {
  test('known values of the Kolmogorov distribution', () => {
    expect(kolmogorovSurvival(0)).toBe(1)
    // P(K > 1.36) = 0.049 and P(K > 1.63) = 0.0098: the classic 5 % and 1 % critical values.
    expect(kolmogorovSurvival(1.358)).toBeCloseTo(0.05, 3)
    expect(kolmogorovSurvival(1.628)).toBeCloseTo(0.01, 3)
    expect(kolmogorovSurvival(0.5)).toBeCloseTo(0.9639, 4)
    // Either side of the switch between the two series (reference: 200-term sums).
    expect(kolmogorovSurvival(1.1799)).toBeCloseTo(0.1235120497, 9)
    expect(kolmogorovSurvival(1.1801)).toBeCloseTo(0.1233955916, 9)
  })
})

describe('ksTestEncoded', () => {
  test('identical histograms: D = 0, p = 1', () => {
    const h = encoded([1_000, 5_000], [1_500, 4_000], [9_000, 1_000])
    expect(ksTestEncoded(h, h)).toEqual({ d: 0, pValue: 1, effectiveN: 5_000 })
  })

  test('disjoint histograms: D = 1, p underflows to 0', () => {
    const r = ksTestEncoded(encoded([1_000, 10_000]), encoded([2_000, 10_000]))
    expect(r.d).toBe(1)
    expect(r.effectiveN).toBe(5_000)
    expect(r.pValue).toBeLessThan(1e-100)
  })

  test('D is the largest CDF gap over the merged buckets', () => {
    // a: 50 % at 1 ms, 50 % at 3 ms; b: 20 % at 1 ms, 80 % at 2 ms. After 1 ms: 0.5 vs 0.2;
    // after 2 ms: 0.5 vs 1.0 -> D = 0.5.
    const r = ksTestEncoded(
      encoded([1_000, 500], [3_000, 500]),
      encoded([1_000, 200], [2_000, 800]),
    )
    expect(r.d).toBeCloseTo(0.5, 12)
    expect(r.pValue).toBeCloseTo(kolmogorovSurvival(Math.sqrt(500) * 0.5), 12)
  })

  test('an empty histogram is never significant', () => {
    expect(ksTestEncoded(encoded(), encoded([1_000, 10]))).toEqual({
      d: 0,
      pValue: 1,
      effectiveN: 0,
    })
  })
})
