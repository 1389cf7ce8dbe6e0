import type { Command } from 'commander'
import { formatGuards, runGuards } from '../guards/run-guards.js'
import { CliError, type CliIo } from './cli-io.js'

interface GuardsCliOptions {
  root: string
  port: string[]
  metricsPort: string
  reportDir: string
  minFreeMb: string
  json?: boolean
}

const collect = (value: string, previous: string[]): string[] => [...previous, value]

function integer(flag: string, value: string, min: number, max: number): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new CliError(
      `${flag} expects an integer from ${min} to ${max}, got "${value}". Example: stressgate guards ${flag} ${Math.max(min, 1)}`,
    )
  }
  return n
}

/**
 * `stressgate guards`: the pre-flight checks (toolchain, ports, services, disk, config), one line
 * each. Exits 1 when any check fails, 0 otherwise (warnings included).
 */
export function registerGuards(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
  env: NodeJS.ProcessEnv = process.env,
): void {
  program
    .command('guards')
    .description('Pre-flight checks before a stress run; exit 1 if any fails.')
    .option('--root <dir>', 'project root', '.')
    .option('--port <n>', 'another port that must be free on 127.0.0.1 (repeatable)', collect, [])
    .option('--metrics-port <n>', 'the /metrics server port (0: not checked)', '8000')
    .option('--report-dir <dir>', 'reports folder, relative to the root', 'reports')
    .option('--min-free-mb <n>', 'fail under this much free disk space', '500')
    .option('--json', 'machine-readable output')
    .action(async (options: GuardsCliOptions) => {
      const ports = options.port.map((p) => integer('--port', p, 1, 65_535))
      const metricsPort = integer('--metrics-port', options.metricsPort, 0, 65_535)
      const minFreeMb = integer('--min-free-mb', options.minFreeMb, 0, Number.MAX_SAFE_INTEGER)
      const results = await runGuards({
        root: options.root,
        ports,
        metricsPort: metricsPort === 0 ? false : metricsPort,
        reportDir: options.reportDir,
        minFreeMb,
        env,
      })
      const failed = results.filter((r) => r.status === 'fail')
      setExit(failed.length > 0 ? 1 : 0)
      if (options.json) {
        io.out(`${JSON.stringify({ ok: failed.length === 0, results }, null, 2)}\n`)
        return
      }
      const warned = results.filter((r) => r.status === 'warn').length
      io.out(
        `${formatGuards(results)}${
          failed.length > 0
            ? `guards FAILED: ${failed.map((r) => r.name).join(', ')}\n`
            : `guards passed${warned > 0 ? ` (${warned} warning${warned === 1 ? '' : 's'})` : ''}\n`
        }`,
      )
    })
}
