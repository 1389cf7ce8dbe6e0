import { readFile } from 'node:fs/promises'
import { StressgateError } from '../common/stressgate-error.js'
import type { CertificationReport } from './report-schema.js'

/** A certification report file is missing, unreadable, not JSON, or not a report. */
export class ReportFileError extends StressgateError {
  readonly code = 'STRESSGATE_REPORT_FILE'
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Whether a parsed JSON value has the shape of a certification report (`certified` and
 * `scenarios`).
 *
 * @example
 * isCertificationReport(JSON.parse(text)) // true for a stress run's certification_report.json
 */
export function isCertificationReport(value: unknown): value is CertificationReport {
  const v = value as { certified?: unknown; scenarios?: unknown } | null
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.certified === 'boolean' &&
    typeof v.scenarios === 'object' &&
    v.scenarios !== null
  )
}

/**
 * Reads a certification report; a missing, unreadable, non-JSON or foreign file is a
 * {@link ReportFileError} naming the file, what is wrong and `hint` (what to do).
 *
 * @example
 * const report = await readCertification('reports/certification_report.json', 'Run "npx vitest run --project stress" first.')
 */
export async function readCertification(file: string, hint: string): Promise<CertificationReport> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (cause) {
    const why =
      (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : String(cause)
    throw new ReportFileError(file, `No certification report at ${file} (${why}). ${hint}`)
  }
  let report: unknown
  try {
    report = JSON.parse(text)
  } catch {
    throw new ReportFileError(file, `${file} is not valid JSON. ${hint}`)
  }
  if (!isCertificationReport(report)) {
    throw new ReportFileError(
      file,
      `${file} is not a stressgate certification report (expected JSON with "certified" and "scenarios"). Pass the certification_report.json a stress run wrote.`,
    )
  }
  return report
}
