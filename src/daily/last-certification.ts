import { readFileSync } from 'node:fs'
import { isCertificationReport } from '../report/read-certification.js'
import type { CertificationReport } from '../report/report-schema.js'

/**
 * The certification report at `file`, or undefined when there is none or it is not one
 * (a daily report must still be written when the run left nothing behind).
 *
 * @example
 * const report = readLastCertification('reports/certification_report.json')
 */
export function readLastCertification(file: string): CertificationReport | undefined {
  try {
    const report: unknown = JSON.parse(readFileSync(file, 'utf8'))
    return isCertificationReport(report) ? report : undefined
  } catch {
    return undefined
  }
}
