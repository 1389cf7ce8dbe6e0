import type { CertificationReport } from '../report/report-schema.js'

/** What `up`/`down` ask of a certification run. */
export interface CertifyRequest {
  readonly root: string
  readonly reportDir: string
  /**
   * `external`: against the daily services, whose URLs are in `env` (`STRESS_*_URL`);
   * `embedded`: the run starts its own in-process ones.
   */
  readonly services: 'external' | 'embedded'
  readonly env: Readonly<Record<string, string>>
}

/**
 * Runs one certification (`stressgate certify`) and resolves with its exit code: 0 certified,
 * 1 not certified, 2 no report of its own. Injected, so tests can stand in for Vitest.
 */
export type CertifyRunner = (request: CertifyRequest) => Promise<number>

/** How the day's certification went. */
export type CertificationOutcome =
  | { readonly state: 'skipped'; readonly why: string }
  /** The run wrote no report of its own (interrupted, misconfigured): exit 2. */
  | { readonly state: 'no-report'; readonly exitCode: number; readonly services: string }
  | {
      readonly state: 'done'
      readonly exitCode: number
      readonly services: string
      readonly report: CertificationReport
    }

/**
 * The exit code the outcome asks for: 0 ok or skipped, 1 not certified, 2 no report.
 *
 * @example
 * outcomeExitCode({ state: 'skipped', why: '--no-certify' }) // 0
 */
export function outcomeExitCode(outcome: CertificationOutcome): 0 | 1 | 2 {
  if (outcome.state === 'skipped') return 0
  if (outcome.state === 'no-report') return 2
  return outcome.exitCode === 0 && outcome.report.certified ? 0 : 1
}

/**
 * One line: `CERTIFIED 4/4 scenarios passed (services: ...)`, `NOT CERTIFIED 3/4 ...`, `not run (...)`.
 *
 * @example
 * outcomeLine({ state: 'skipped', why: '--no-certify' }) // 'not run (--no-certify)'
 */
export function outcomeLine(outcome: CertificationOutcome): string {
  if (outcome.state === 'skipped') return `not run (${outcome.why})`
  if (outcome.state === 'no-report') {
    return `NO REPORT: the run exited with code ${outcome.exitCode} and wrote no report of its own (see its output)`
  }
  const { passed_scenarios, total_scenarios } = outcome.report.summary
  const verdict = outcomeExitCode(outcome) === 0 ? 'CERTIFIED' : 'NOT CERTIFIED'
  return `${verdict} ${passed_scenarios}/${total_scenarios} scenarios passed (services: ${outcome.services})`
}
