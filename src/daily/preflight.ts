import { checkConfig } from '../guards/config.js'
import { checkDisk } from '../guards/disk.js'
import { checkPorts } from '../guards/ports.js'
import { formatGuard } from '../guards/run-guards.js'
import { checkToolchain } from '../guards/toolchain.js'
import type { GuardResult } from '../guards/types.js'
import { guarded } from '../guards/types.js'
import { DailyError } from './daily-error.js'

/** Options of {@link preflight}. */
export interface PreflightOptions {
  readonly root: string
  readonly reportDir: string
  /** The metrics port to check; undefined when it is any free port or already ours. */
  readonly metricsPort?: number
  /** The run needs vitest and a `stress()` config; `--no-certify` does not. */
  readonly certify: boolean
  readonly env?: NodeJS.ProcessEnv
}

/**
 * The guards `up` needs (those of `stressgate guards`, minus the service probes: `up` starts
 * the services itself): disk, the metrics port, and, when certifying, toolchain and config.
 * Returns one line per check; throws a {@link DailyError} listing the failed ones.
 *
 * @example
 * const lines = await preflight({ root: '.', reportDir: 'reports', metricsPort: 8000, certify: true })
 */
export async function preflight(options: PreflightOptions): Promise<string[]> {
  const { root, reportDir, metricsPort } = options
  const checks: Promise<GuardResult>[] = [
    guarded('disk', () => checkDisk({ dir: reportDir })),
    ...(metricsPort === undefined
      ? []
      : [guarded('ports', () => checkPorts({ ports: [metricsPort], metricsPort }))]),
    ...(options.certify
      ? [
          guarded('toolchain', () => checkToolchain({ root, env: options.env ?? process.env })),
          guarded('config', () => checkConfig({ root, reportDir })),
        ]
      : []),
  ]
  const results = await Promise.all(checks)
  const lines = results.map(formatGuard)
  const failed = results.filter((r) => r.status === 'fail')
  if (failed.length > 0) {
    throw new DailyError(
      `pre-flight failed (${failed.map((r) => r.name).join(', ')}):\n${lines.map((l) => `  ${l}`).join('\n')}`,
    )
  }
  return lines
}
