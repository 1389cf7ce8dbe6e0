import { describe, expect, test } from 'vitest'
import { calibrateNoiseFloors } from './noise-floor.js'
import type { RunHistoryEntry } from './report-schema.js'

const run = (
  p99s: Record<string, number | undefined>,
  state: 'passed' | 'failed' | 'inconclusive' | 'error' = 'passed',
): RunHistoryEntry => ({
  run_id: String(Math.random()),
  timestamp: '2026-11-25T00:00:00.000Z',
  certified: true,
  scenarios: Object.fromEntries(
    Object.entries(p99s).map(([name, p99]) => [
      name,
      { state, ...(p99 === undefined ? {} : { decision_p99_ms: p99 }) },
    ]),
  ),
})

describe('calibrateNoiseFloors', () => {
  test('the largest pairwise p99 spread, (max - min) / min, per scenario', () => {
    const runs = [run({ a: 0.2, b: 4 }), run({ a: 0.3, b: 5 }), run({ a: 0.25, b: 4.5 })]
    const floors = calibrateNoiseFloors(runs)
    expect(floors.a?.runs).toBe(3)
    expect(floors.a?.pct).toBeCloseTo(50, 10) // (0.3 - 0.2) / 0.2
    expect(floors.b?.pct).toBeCloseTo(25, 10) // (5 - 4) / 4
  })

  test('needs three runs with a p99 above zero; only the newest window counts', () => {
    expect(calibrateNoiseFloors([run({ a: 1 }), run({ a: 2 })])).toEqual({})
    expect(
      calibrateNoiseFloors([run({ a: 1 }), run({ a: 0 }), run({ a: undefined }), run({ a: 3 })]),
    ).toEqual({})
    // An old outlier (100 ms) falls out of a window of 3.
    const runs = [run({ a: 100 }), run({ a: 1 }), run({ a: 1.1 }), run({ a: 1.2 })]
    expect(calibrateNoiseFloors(runs, 3).a?.pct).toBeCloseTo(20, 10)
    expect(calibrateNoiseFloors(runs, 4).a?.pct).toBeCloseTo(9_900, 8)
    expect(() => calibrateNoiseFloors(runs, 2)).toThrow('window must be an integer >= 3, got 2')
  })

  test('from 5 runs the extremes are trimmed: one outlier cannot switch the gate off', () => {
    const runs = [1, 1.1, 5, 1.2, 1.3].map((p99) => run({ a: p99 }))
    // sorted 1, 1.1, 1.2, 1.3, 5 -> lo 1.1, hi 1.3
    expect(calibrateNoiseFloors(runs).a?.pct).toBeCloseTo((0.2 / 1.1) * 100, 10)
    // 20 runs trim two at each end: the two stalls (100 ms) and the two fastest runs.
    const twenty = Array.from({ length: 20 }, (_, i) => run({ a: i < 2 ? 100 : 1 + i / 100 }))
    expect(calibrateNoiseFloors(twenty).a?.pct).toBeCloseTo(((1.19 - 1.04) / 1.04) * 100, 10)
  })

  test('a run that dropped decisions is not noise either', () => {
    const dropped: RunHistoryEntry = {
      ...run({}),
      scenarios: { a: { state: 'failed', decision_p99_ms: 40, decisions_dropped: 3 } },
    }
    expect(calibrateNoiseFloors([run({ a: 1 }), dropped, run({ a: 1.5 })])).toEqual({})
  })

  test('inconclusive and errored runs are not noise: they do not count', () => {
    const runs = [run({ a: 1 }), run({ a: 50 }, 'inconclusive'), run({ a: 1.5 }, 'failed')]
    expect(calibrateNoiseFloors(runs)).toEqual({})
    runs.push(run({ a: 40 }, 'error'), run({ a: 1.2 }))
    expect(calibrateNoiseFloors(runs)).toEqual({ a: { pct: 50, runs: 3 } })
  })
})
