import { HistogramDecodeError } from '../metrics/histogram-codec.js'
import { baselineSection } from './baseline-section.js'
import { compareReports } from './compare.js'
import { calibrateNoiseFloors } from './noise-floor.js'
import { ReportFileError, readCertification } from './read-certification.js'
import type { BaselineReport, CertificationReport, RunHistoryEntry } from './report-schema.js'
import { runsBefore } from './run-history-file.js'

/** Options of {@link compareWithBaseline}. */
export interface BaselineOptions {
  /** Path of the baseline certification_report.json. */
  readonly file: string
  /** How the report names the file. @default file */
  readonly shownAs?: string
  /** The fixed noise floor in percent. @default DEFAULT_NOISE_FLOOR_PCT */
  readonly noiseFloorPct?: number
  readonly alpha?: number
  /** Earlier runs: each scenario's floor is calibrated on them (at least 3 runs). */
  readonly history?: readonly RunHistoryEntry[]
}

/** The comparison, or why there is none: a run never fails for want of a baseline. */
export type BaselineOutcome =
  | { readonly baseline: BaselineReport; readonly warning?: undefined }
  | { readonly baseline?: undefined; readonly warning: string }

/**
 * Compares a run with a baseline report (decision latency of every scenario, KS test plus a
 * noise floor calibrated on the run history). A missing or unusable baseline is a warning: the
 * first run of a branch, or a PR whose main has no nightly yet, has none.
 *
 * @example
 * const { baseline, warning } = await compareWithBaseline(report, { file: 'baseline/certification_report.json', history })
 * if (baseline?.regressed) console.error('regression')
 */
export async function compareWithBaseline(
  report: CertificationReport,
  options: BaselineOptions,
): Promise<BaselineOutcome> {
  const shown = options.shownAs ?? options.file
  let base: CertificationReport
  try {
    base = await readCertification(
      options.file,
      'The run is not compared. Point `baseline` (or STRESSGATE_BASELINE) at an earlier certification_report.json.',
    )
  } catch (error) {
    if (error instanceof ReportFileError) return { warning: error.message }
    throw error
  }
  try {
    const cmp = compareReports(base, report, {
      ...(options.noiseFloorPct === undefined ? {} : { noiseFloorPct: options.noiseFloorPct }),
      ...(options.alpha === undefined ? {} : { alpha: options.alpha }),
      calibratedFloors: calibrateNoiseFloors(runsBefore(options.history ?? [], report)),
    })
    return { baseline: baselineSection(cmp, shown, base.certification_timestamp) }
  } catch (error) {
    if (error instanceof HistogramDecodeError)
      return { warning: `baseline ${shown} not compared: ${error.message}` }
    throw error
  }
}
