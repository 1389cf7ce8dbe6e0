import { ReportFileError, readCertification } from '../report/read-certification.js'
import type { CertificationReport } from '../report/report-schema.js'
import { CliError } from './cli-io.js'

/**
 * Reads a certification report for a CLI command; a missing, unreadable, non-JSON or foreign
 * file is a {@link CliError} naming the file, what is wrong and `hint` (what to do).
 *
 * @example
 * const report = await readReportFile('reports/certification_report.json', 'Run "npx vitest run --project stress" first.')
 */
export async function readReportFile(file: string, hint: string): Promise<CertificationReport> {
  try {
    return await readCertification(file, hint)
  } catch (error) {
    if (error instanceof ReportFileError) throw new CliError(error.message)
    throw error
  }
}
