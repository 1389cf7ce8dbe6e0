import type { RunHistoryEntry } from './run-history-file.js'

/** A noise floor measured on repeated runs of one scenario. */
export interface CalibratedFloor {
  /** The largest relative p99 spread between two of the runs, in percent of the smaller one. */
  readonly pct: number
  /** How many runs it was measured on. */
  readonly runs: number
}

/** Fewest runs of a scenario for a calibration: two runs are one pair, too few to call noise. */
export const MIN_CALIBRATION_RUNS = 3

/**
 * Calibrates the noise floor of every scenario on repeated runs (the newest `window` runs of a
 * history): the largest pairwise relative difference of decision p99 among them,
 * (max - min) / min * 100, over the runs where it passed or failed (inconclusive and errored
 * runs measured nothing trustworthy). A scenario with fewer than {@link MIN_CALIBRATION_RUNS}
 * such runs with a p99 above zero gets no floor (the default one applies).
 *
 * Measured here (`npx tsx bench/noise-floor.ts`): identical real-clock runs on a 2-vCPU VM differ
 * by 100 % to 1000s of percent in p99, so a fixed 10 % floor flags noise; a floor calibrated on
 * the machine's own history does not.
 *
 * @example
 * calibrateNoiseFloors(runs).flash_crash // { pct: 50, runs: 3 } for p99s of 0.2, 0.25, 0.3 ms
 */
export function calibrateNoiseFloors(
  runs: readonly RunHistoryEntry[],
  window = 20,
): Record<string, CalibratedFloor> {
  if (!Number.isInteger(window) || window < MIN_CALIBRATION_RUNS)
    throw new RangeError(`window must be an integer >= ${MIN_CALIBRATION_RUNS}, got ${window}`)
  const p99s = new Map<string, number[]>()
  for (const run of runs.slice(-window)) {
    for (const [name, s] of Object.entries(run.scenarios)) {
      const p99 = s.decision_p99_ms
      // An inconclusive run's latencies are understated (its generator fell behind): not noise.
      if (s.state !== 'passed' && s.state !== 'failed') continue
      if (p99 === undefined || !(p99 > 0)) continue
      const list = p99s.get(name) ?? []
      list.push(p99)
      p99s.set(name, list)
    }
  }
  const floors: Record<string, CalibratedFloor> = {}
  for (const [name, list] of p99s) {
    if (list.length < MIN_CALIBRATION_RUNS) continue
    const min = Math.min(...list)
    const max = Math.max(...list)
    floors[name] = { pct: ((max - min) / min) * 100, runs: list.length }
  }
  return floors
}
