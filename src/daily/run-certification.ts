import { join } from 'node:path'
import { REPORT_FILE } from '../report/report-files.js'
import { SERVICE_ENV } from '../services/start-services.js'
import type { CertificationOutcome, CertifyRunner } from './certification-run.js'
import type { DailyState } from './daily-state.js'
import { readLastCertification } from './last-certification.js'

/**
 * The `STRESS_*_URL` variables pointing a run at the recorded services, or undefined when one of
 * Redis and PostgreSQL is missing (the Pushgateway is optional, as in every run).
 *
 * @example
 * serviceUrls(state) // { STRESS_REDIS_URL: 'redis://127.0.0.1:41234', STRESS_DATABASE_URL: ..., ... }
 */
export function serviceUrls(state: DailyState): Record<string, string> | undefined {
  const { redis, postgres, pushgateway } = state.processes
  if (redis === undefined || postgres === undefined) return undefined
  return {
    [SERVICE_ENV.redis]: redis.url,
    [SERVICE_ENV.postgres]: postgres.url,
    ...(pushgateway ? { [SERVICE_ENV.pushgateway]: pushgateway.url } : {}),
  }
}

/**
 * Runs the certification through `runner` and reads the report it wrote (a run that exits 2
 * wrote none of its own, so the file on disk, if any, is an older one and is ignored).
 *
 * @example
 * const outcome = await certifyOnce(runner, { root, reportDir, services: 'external', env: urls })
 */
export async function certifyOnce(
  runner: CertifyRunner,
  request: Parameters<CertifyRunner>[0],
): Promise<CertificationOutcome> {
  const exitCode = await runner(request)
  const services =
    request.services === 'external'
      ? `external: ${Object.values(request.env).join(', ')}`
      : 'embedded'
  const report =
    exitCode === 2 ? undefined : readLastCertification(join(request.reportDir, REPORT_FILE))
  if (report === undefined) return { state: 'no-report', exitCode, services }
  return { state: 'done', exitCode, services, report }
}
