import { describe, expect, test } from 'vitest'
import { calibrateNoiseFloors } from './noise-floor.js'
import type { RunHistoryEntry } from './run-history-file.js'

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

  test('inconclusive and errored runs are not noise: they do not count', () => {
    const runs = [run({ a: 1 }), run({ a: 50 }, 'inconclusive'), run({ a: 1.5 }, 'failed')]
    expect(calibrateNoiseFloors(runs)).toEqual({})
    runs.push(run({ a: 40 }, 'error'), run({ a: 1.2 }))
    expect(calibrateNoiseFloors(runs)).toEqual({ a: { pct: 50, runs: 3 } })
  })
})
