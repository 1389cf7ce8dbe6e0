import { readFile } from 'node:fs/promises'
import type { CertificationReport } from '../report/certification.js'
import { CliError } from './cli-io.js'

/**
 * Reads a certification report for a CLI command; a missing, unreadable, non-JSON or foreign
 * file is a {@link CliError} naming the file, what is wrong and `hint` (what to do).
 *
 * @example
 * const report = await readReportFile('reports/certification_report.json', 'Run "npx vitest run --project stress" first.')
 */
export async function readReportFile(file: string, hint: string): Promise<CertificationReport> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (cause) {
    const why =
      (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : String(cause)
    throw new CliError(`No certification report at ${file} (${why}). ${hint}`)
  }
  let report: CertificationReport
  try {
    report = JSON.parse(text) as CertificationReport
  } catch {
    throw new CliError(`${file} is not valid JSON. ${hint}`)
  }
  if (
    report === null ||
    typeof report !== 'object' ||
    typeof report.certified !== 'boolean' ||
    typeof report.scenarios !== 'object' ||
    report.scenarios === null
  ) {
    throw new CliError(
      `${file} is not a stressgate certification report (expected JSON with "certified" and "scenarios"). Pass the certification_report.json a stress run wrote.`,
    )
  }
  return report
}
