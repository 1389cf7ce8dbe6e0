import type { CalibratedFloor, RunHistoryEntry } from './report-schema.js'

/** Fewest runs of a scenario for a calibration: two runs are one pair, too few to call noise. */
export const MIN_CALIBRATION_RUNS = 3

/** Runs at which one run at each end of the sorted p99s is left out of the spread. */
export const TRIM_FROM_RUNS = 5

/**
 * The spread of a scenario's p99s, in percent of the lower end: (hi - lo) / lo * 100, where lo
 * and hi are the sorted values with the `trim` extremes at each end left out. Trimming keeps one
 * stalled (or regressed) run from raising the floor until it leaves the window.
 */
function spreadPct(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const trim = sorted.length >= TRIM_FROM_RUNS ? Math.max(1, Math.floor(sorted.length * 0.1)) : 0
  const lo = sorted[trim] ?? 0
  const hi = sorted[sorted.length - 1 - trim] ?? lo
  return ((hi - lo) / lo) * 100
}

/**
 * Calibrates the noise floor of every scenario on repeated runs (the newest `window` runs of a
 * history, which must not hold the run being judged): the relative spread of its decision p99,
 * (hi - lo) / lo * 100. With 3-4 runs hi and lo are the max and the min; from
 * {@link TRIM_FROM_RUNS} runs the highest and lowest 10 % (at least one each) are left out, so a
 * single outlier cannot switch the gate off. Only runs where the scenario passed or failed with
 * nothing dropped count (inconclusive, errored or dropping runs measured nothing trustworthy). A
 * scenario with fewer than {@link MIN_CALIBRATION_RUNS} such runs gets no floor (the fixed one
 * applies).
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
      if (s.state !== 'passed' && s.state !== 'failed') continue
      if ((s.decisions_dropped ?? 0) > 0) continue
      if (p99 === undefined || !(p99 > 0)) continue
      const list = p99s.get(name) ?? []
      list.push(p99)
      p99s.set(name, list)
    }
  }
  const floors: Record<string, CalibratedFloor> = {}
  for (const [name, list] of p99s) {
    if (list.length < MIN_CALIBRATION_RUNS) continue
    floors[name] = { pct: spreadPct(list), runs: list.length }
  }
  return floors
}
