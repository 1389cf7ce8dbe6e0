import type { BaselineReport, BaselineScenario, ReportComparison } from './report-schema.js'

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
