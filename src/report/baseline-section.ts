import type { CompareVerdict, ReportComparison } from './compare.js'

/** One scenario compared with the baseline, as the certification report carries it. */
export interface BaselineScenario {
  readonly baseline_p99_ms: number
  readonly current_p99_ms: number
  readonly p99_delta_ms: number
  /** null when the baseline p99 is 0 and the current one is not (an infinite change). */
  readonly p99_delta_pct: number | null
  readonly ks_d: number
  readonly ks_p_value: number
  /** The floor this scenario was judged with, in percent of the baseline p99. */
  readonly noise_floor_pct: number
  /** Runs the floor was calibrated on; absent when the fixed floor applied. */
  readonly calibration_runs?: number
  readonly verdict: CompareVerdict
}

/** The comparison of a run with its baseline report, inside the certification report. */
export interface BaselineReport {
  /** The baseline file as the plugin was given it. */
  readonly file: string
  readonly baseline_timestamp: string
  readonly alpha: number
  /** The fixed floor; a scenario's own floor may be higher when calibrated on repeated runs. */
  readonly noise_floor_pct: number
  readonly regressed: boolean
  /** The run was told to exit 1 on a regression (`failOnRegression`). */
  readonly fail_on_regression?: boolean
  readonly scenarios: Readonly<Record<string, BaselineScenario>>
  readonly only_in_baseline: readonly string[]
  readonly only_in_current: readonly string[]
  readonly not_compared: readonly { readonly scenario: string; readonly reason: string }[]
}

/**
 * The report's `baseline` block from a {@link ReportComparison}: plain JSON (no Infinity).
 *
 * @example
 * const baseline = baselineSection(compareReports(base, report), 'baseline/certification_report.json', base.certification_timestamp)
 * baseline.scenarios.flash_crash?.verdict // 'no_change'
 */
export function baselineSection(
  cmp: ReportComparison,
  file: string,
  baselineTimestamp: string,
): BaselineReport {
  const scenarios: Record<string, BaselineScenario> = {}
  for (const s of cmp.scenarios) {
    scenarios[s.scenario] = {
      baseline_p99_ms: s.baseline.p99Ms,
      current_p99_ms: s.current.p99Ms,
      p99_delta_ms: s.p99DeltaMs,
      p99_delta_pct: Number.isFinite(s.p99DeltaPct) ? s.p99DeltaPct : null,
      ks_d: s.ks.d,
      ks_p_value: s.ks.pValue,
      noise_floor_pct: s.noiseFloorPct,
      ...(s.calibrationRuns === undefined ? {} : { calibration_runs: s.calibrationRuns }),
      verdict: s.verdict,
    }
  }
  return {
    file,
    baseline_timestamp: baselineTimestamp,
    alpha: cmp.alpha,
    noise_floor_pct: cmp.noiseFloorPct,
    regressed: cmp.regressed,
    scenarios,
    only_in_baseline: cmp.onlyInBaseline,
    only_in_current: cmp.onlyInCurrent,
    not_compared: cmp.incomparable,
  }
}
