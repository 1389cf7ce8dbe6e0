import { describe, expect, test } from 'vitest'
import { compareReports } from './compare.js'
import { encoded, report } from './compare-fixture.js'
import type { CertificationReport } from './report-schema.js'

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
