import { readFileSync } from 'node:fs'
import type { CertificationReport } from '../report/certification.js'

/**
 * The certification report at `file`, or undefined when there is none or it is not one
 * (a daily report must still be written when the run left nothing behind).
 *
 * @example
 * const report = readLastCertification('reports/certification_report.json')
 */
export function readLastCertification(file: string): CertificationReport | undefined {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as CertificationReport
    if (typeof report?.certified !== 'boolean' || typeof report.scenarios !== 'object') {
      return undefined
    }
    return report
  } catch {
    return undefined
  }
}
