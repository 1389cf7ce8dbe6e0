import { describe, expect, test } from 'vitest'
import type { CertificationReport } from './certification.js'
import { compareReports, kolmogorovSurvival, ksTestEncoded } from './compare.js'
import { encoded, report } from './compare-fixture.js'

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

describe('compareReports', () => {
  test('identical reports: no change', () => {
    const h = encoded([1_000, 9_900], [5_000, 100])
    const cmp = compareReports(report({ a: h }), report({ a: h }))
    expect(cmp.regressed).toBe(false)
    expect(cmp.scenarios).toHaveLength(1)
    expect(cmp.scenarios[0]).toMatchObject({
      scenario: 'a',
      p99DeltaMs: 0,
      p99DeltaPct: 0,
      ks: { d: 0, pValue: 1 },
      verdict: 'no_change',
    })
  })

  test('10,000 samples at 1 ms vs 10,000 at 2 ms: D = 1, regression; reversed, improvement', () => {
    const one = encoded([1_000, 10_000])
    const two = encoded([2_000, 10_000])
    const cmp = compareReports(report({ a: one }), report({ a: two }))
    const s = cmp.scenarios[0]
    expect(s?.verdict).toBe('regression')
    expect(s?.ks.d).toBe(1)
    expect(s?.ks.pValue).toBeLessThan(1e-100)
    // Below 2,048 us HDR's 3-digit buckets are 1 us wide, so both values read back exactly.
    expect(s?.baseline).toEqual({ count: 10_000, p50Ms: 1, p99Ms: 1 })
    expect(s?.current).toEqual({ count: 10_000, p50Ms: 2, p99Ms: 2 })
    expect(s?.p99DeltaMs).toBe(1)
    expect(s?.p99DeltaPct).toBe(100)
    expect(cmp.regressed).toBe(true)
    const back = compareReports(report({ a: two }), report({ a: one }))
    expect(back.scenarios[0]?.verdict).toBe('improvement')
    expect(back.regressed).toBe(false)
  })

  test('a significant shift smaller than the noise floor is no_change', () => {
    // 5 % slower everywhere: KS D = 1 with p ~ 0, but the p99 moved less than 10 %.
    const cmp = compareReports(
      report({ a: encoded([1_000, 10_000]) }),
      report({ a: encoded([1_050, 10_000]) }),
    )
    const s = cmp.scenarios[0]
    expect(s?.ks.d).toBe(1)
    expect(s?.ks.pValue).toBeLessThan(0.01)
    expect(s?.p99DeltaPct).toBeCloseTo(5, 0)
    expect(s?.verdict).toBe('no_change')
    // With a 1 % floor the same data is a regression.
    expect(
      compareReports(
        report({ a: encoded([1_000, 10_000]) }),
        report({ a: encoded([1_050, 10_000]) }),
        {
          noiseFloorPct: 1,
        },
      ).scenarios[0]?.verdict,
    ).toBe('regression')
  })

  test('a floor calibrated on repeated runs raises the fixed one, per scenario', () => {
    // p99 from 1 ms to 2 ms (+100 %, KS D = 1): a regression under the 10 % floor, but not for
    // a scenario whose p99 spread over its last runs was 150 %.
    const base = report({ a: encoded([1_000, 10_000]), b: encoded([1_000, 10_000]) })
    const cur = report({ a: encoded([2_000, 10_000]), b: encoded([2_000, 10_000]) })
    const cmp = compareReports(base, cur, {
      calibratedFloors: { a: { pct: 150, runs: 5 }, b: { pct: 4, runs: 3 } },
    })
    expect(
      cmp.scenarios.map((s) => [s.scenario, s.verdict, s.noiseFloorPct, s.calibrationRuns]),
    ).toEqual([
      ['a', 'no_change', 150, 5],
      ['b', 'regression', 10, undefined], // 4 % calibrated is below the fixed 10 %
    ])
    expect(cmp.regressed).toBe(true)
  })

  test('a large p99 change on too few samples is not significant: no_change', () => {
    // 10 vs 10 samples, p99 from 1 ms to 1.5 ms via one outlier: D = 0.1, p ~ 1.
    const cmp = compareReports(
      report({ a: encoded([1_000, 10]) }),
      report({ a: encoded([1_000, 9], [1_500, 1]) }),
    )
    expect(cmp.scenarios[0]?.ks.d).toBeCloseTo(0.1, 12)
    expect(cmp.scenarios[0]?.p99DeltaPct).toBeGreaterThan(10)
    expect(cmp.scenarios[0]?.verdict).toBe('no_change')
  })

  test('scenarios in one report only, and scenarios without histograms', () => {
    const h = encoded([1_000, 100])
    const cmp = compareReports(
      report({ both: h, gone: h, noHist: undefined }),
      report({ both: h, added: h, noHist: h }),
    )
    expect(cmp.scenarios.map((s) => s.scenario)).toEqual(['both'])
    expect(cmp.onlyInBaseline).toEqual(['gone'])
    expect(cmp.onlyInCurrent).toEqual(['added'])
    expect(cmp.incomparable).toEqual([
      {
        scenario: 'noHist',
        reason: 'no decision histogram in the baseline (state passed / passed)',
      },
    ])
  })

  test('an inconclusive run on either side is not compared: its latencies are understated', () => {
    const h = encoded([1_000, 100])
    const base = report({ a: h, b: h })
    const cur = report({ a: encoded([9_000, 100]), b: h })
    const inconclusive = (r: CertificationReport, name: 'a' | 'b'): CertificationReport => {
      const s = r.scenarios[name]
      if (s === undefined) throw new Error(`no scenario ${name}`)
      return { ...r, scenarios: { ...r.scenarios, [name]: { ...s, state: 'inconclusive' } } }
    }
    const cmp = compareReports(inconclusive(base, 'a'), inconclusive(cur, 'b'))
    expect(cmp.scenarios).toEqual([])
    expect(cmp.regressed).toBe(false)
    expect(cmp.incomparable).toEqual([
      {
        scenario: 'a',
        reason:
          'the baseline run was inconclusive (its load generator fell behind, so its latencies are understated)',
      },
      { scenario: 'b', reason: expect.stringMatching(/^the current run was inconclusive/) },
    ])
  })

  test('a run that dropped decisions is not compared: its worst latencies were never measured', () => {
    const h = encoded([1_000, 100])
    const base = report({ a: h })
    const s = base.scenarios.a
    if (s === undefined) throw new Error('no scenario a')
    const dropping: CertificationReport = {
      ...base,
      scenarios: { a: { ...s, decisions_dropped: 4 } },
    }
    const cmp = compareReports(base, dropping)
    expect(cmp.scenarios).toEqual([])
    expect(cmp.incomparable).toEqual([
      {
        scenario: 'a',
        reason:
          'the current run dropped decisions at maxInFlight (their latencies were never measured)',
      },
    ])
  })

  test('defaults and option checks', () => {
    const cmp = compareReports(report({}), report({}))
    expect(cmp).toMatchObject({ noiseFloorPct: 10, alpha: 0.01, regressed: false })
    expect(() => compareReports(report({}), report({}), { noiseFloorPct: -1 })).toThrow(RangeError)
    expect(() => compareReports(report({}), report({}), { alpha: 1 })).toThrow(RangeError)
  })

  test('a corrupt histogram throws HistogramDecodeError', () => {
    expect(() =>
      compareReports(report({ a: 'not-base64!' }), report({ a: encoded([1_000, 1]) })),
    ).toThrow(/Cannot decode histogram/)
  })
})
