import { resolve } from 'node:path'
import { checkConfig } from './config.js'
import { checkDisk } from './disk.js'
import { checkPorts, METRICS_PORT } from './ports.js'
import { checkService } from './services.js'
import { checkToolchain } from './toolchain.js'
import { type GuardResult, type GuardStatus, guarded } from './types.js'

export type { GuardResult, GuardStatus } from './types.js'

/** Options of {@link runGuards}. */
export interface GuardOptions {
  /** The project root. @default process.cwd() */
  root?: string
  /** Ports that must be free besides the metrics port. @default [] */
  ports?: readonly number[]
  /** The /metrics server's port; `false` when it is disabled. @default 8000 */
  metricsPort?: number | false
  /** Where reports are written (relative to `root`). @default 'reports' */
  reportDir?: string
  /** Fail below this many MiB free. @default 500 */
  minFreeMb?: number
  /** Warn below this many MiB free. @default 2048 */
  warnFreeMb?: number
  /** The environment (`STRESS_*_URL`, PATH). @default process.env */
  env?: NodeJS.ProcessEnv
  /** Folders searched for local service binaries. @default PATH from `env`, then PostgreSQL's */
  binDirs?: readonly string[]
  /** How long each service probe may take. @default 3000 */
  probeTimeoutMs?: number
}

/**
 * Runs every pre-flight check in parallel (none of them changes anything) and returns the
 * results in a fixed order: toolchain, ports, redis, postgres, pushgateway, disk, config.
 * A check that throws becomes a `fail` result.
 *
 * @example
 * const results = await runGuards({ root: process.cwd(), ports: [9091] })
 * const ok = results.every((r) => r.status !== 'fail')
 */
export async function runGuards(options: GuardOptions = {}): Promise<GuardResult[]> {
  const root = resolve(options.root ?? process.cwd())
  const env = options.env ?? process.env
  const reportDir = resolve(root, options.reportDir ?? 'reports')
  const metricsPort =
    options.metricsPort === false ? undefined : (options.metricsPort ?? METRICS_PORT)
  const ports = [...(metricsPort === undefined ? [] : [metricsPort]), ...(options.ports ?? [])]
  const services = { env, binDirs: options.binDirs, timeoutMs: options.probeTimeoutMs }
  const checks: Promise<GuardResult>[] = [
    guarded('toolchain', () => checkToolchain({ root, env })),
    guarded('ports', async () =>
      ports.length === 0
        ? { name: 'ports', status: 'ok', detail: 'no ports to check' }
        : checkPorts({ ports, metricsPort }),
    ),
    guarded('redis', () => checkService('redis', services)),
    guarded('postgres', () => checkService('postgres', services)),
    guarded('pushgateway', () => checkService('pushgateway', services)),
    guarded('disk', () =>
      checkDisk({ dir: reportDir, minFreeMb: options.minFreeMb, warnFreeMb: options.warnFreeMb }),
    ),
    guarded('config', () => checkConfig({ root, reportDir })),
  ]
  return Promise.all(checks)
}

const LABEL: Readonly<Record<GuardStatus, string>> = { ok: 'OK', warn: 'WARN', fail: 'FAIL' }

/** One line: `OK   toolchain  node v20.20.2, npm 11.19.1` or `FAIL ports  ...: fix`. */
export function formatGuard(result: GuardResult): string {
  const fix = result.status !== 'ok' && result.fix ? `: ${result.fix}` : ''
  return `${LABEL[result.status].padEnd(4)} ${result.name}  ${result.detail}${fix}`
}

/** Every result on its own line, newline-terminated. */
export function formatGuards(results: readonly GuardResult[]): string {
  return results.map((r) => `${formatGuard(r)}\n`).join('')
}
