import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import type { CertifyRunner } from '../daily/certification-run.js'
import { dailyDown } from '../daily/daily-down.js'
import { DailyError } from '../daily/daily-error.js'
import { DAILY_SERVICE_MODES, type DailyServiceMode } from '../daily/daily-state.js'
import { type DailyDeps, dailyUp } from '../daily/daily-up.js'
import { parseDay } from '../daily/day.js'
import { SERVICE_ENV } from '../services/start-services.js'
import { certifyProject } from './certify-command.js'
import { CliError, type CliIo } from './cli-io.js'

interface CommonOptions {
  root: string
  reportDir: string
  archiveDir: string
  stateDir: string
  certify: boolean
  date?: string
}

interface UpOptions extends CommonOptions {
  services: string
  metricsPort: string
}

interface DownOptions extends CommonOptions {
  keepDays: string
}

function integer(command: string, flag: string, value: string, min: number, max: number): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < min || n > max) {
    throw new CliError(
      `${flag} expects an integer from ${min} to ${max}, got "${value}". Example: stressgate ${command} ${flag} ${Math.max(min, 1) === 1 && flag === '--keep-days' ? 30 : 8001}`,
    )
  }
  return n
}

function rootDir(root: string): string {
  const dir = resolve(root)
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CliError(
      `--root ${dir} is not a directory. Pass your project's folder (the one with vitest.config).`,
    )
  }
  return dir
}

/**
 * Runs one certification (`stressgate certify`) in this process, with the day's service URLs in
 * the environment of its Vitest child only (any other `STRESS_*_URL` of this shell is dropped).
 */
function certifyInProcess(io: CliIo): CertifyRunner {
  return async (request) => {
    const env: NodeJS.ProcessEnv = { ...process.env }
    for (const name of Object.values(SERVICE_ENV)) delete env[name]
    Object.assign(env, request.env)
    // The daily metrics server holds the configured port: the run's live one takes a free port.
    env.STRESSGATE_METRICS_PORT = '0'
    try {
      return await certifyProject(
        { services: request.services, root: request.root, reportDir: request.reportDir, env },
        io,
      )
    } catch (error) {
      if (error instanceof CliError) {
        io.err(`stressgate: ${error.message}\n`)
        return error.exitCode
      }
      throw error
    }
  }
}

const asCliError = (error: unknown): unknown =>
  error instanceof DailyError ? new CliError(error.message, 2) : error

function common(command: Command): Command {
  return command
    .option('--root <dir>', 'the project (folder of vitest.config)', '.')
    .option('--report-dir <dir>', 'reports folder, relative to the root', 'reports')
    .option('--archive-dir <dir>', 'archives folder, relative to the root', 'archives')
    .option(
      '--state-dir <dir>',
      'service data, logs and state.json, relative to the root',
      '.stressgate/daily',
    )
    .option('--no-certify', 'skip the certification run')
    .option(
      '--date <YYYYMMDD>',
      'the day (YYYYMMDD) of the report and archive (default: today, local time; for down, the day of the last up)',
    )
}

/**
 * `stressgate up` and `stressgate down`, the daily startup and shutdown. Exit 0 ok, 1 the
 * certification failed (reports still written and archived), 2 setup error.
 *
 * @example
 * npx stressgate up --services local --metrics-port 8000
 * npx stressgate down --keep-days 30
 */
export function registerDaily(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
  runCertify: CertifyRunner = certifyInProcess(io),
): void {
  const deps: DailyDeps = { runCertify, out: (line) => io.out(`${line}\n`) }
  common(
    program
      .command('up')
      .description(
        'Daily startup: pre-flight, start Redis, PostgreSQL, the Pushgateway (detached, reused when up) and the metrics server, certify against them, write reports/daily_report_YYYYMMDD.md.',
      ),
  )
    .option(
      '--services <mode>',
      `${DAILY_SERVICE_MODES.join(' | ')}: real local binaries, or none (the run uses embedded ones)`,
      'local',
    )
    .option(
      '--metrics-port <n>',
      'port of the metrics server on 127.0.0.1 (0: any free port)',
      '8000',
    )
    .action(async (options: UpOptions) => {
      if (!DAILY_SERVICE_MODES.includes(options.services as DailyServiceMode)) {
        throw new CliError(
          `--services ${JSON.stringify(options.services)}: allowed values are ${DAILY_SERVICE_MODES.join(', ')}. Example: stressgate up --services embedded`,
        )
      }
      const metricsPort = integer('up', '--metrics-port', options.metricsPort, 0, 65_535)
      try {
        const result = await dailyUp(
          {
            root: rootDir(options.root),
            reportDir: options.reportDir,
            archiveDir: options.archiveDir,
            stateDir: options.stateDir,
            services: options.services as DailyServiceMode,
            certify: options.certify,
            metricsPort,
            ...(options.date === undefined ? {} : { day: parseDay(options.date) }),
          },
          deps,
        )
        setExit(result.exitCode)
      } catch (error) {
        throw asCliError(error)
      }
    })
  common(
    program
      .command('down')
      .description(
        'Daily shutdown: final certification, stop what "up" started, move the day\'s reports and logs to archives/YYYYMMDD/ (reports/history.json is copied and stays), end-of-day summary, retention.',
      ),
  )
    .option(
      '--keep-days <n>',
      'keep the archives of the last n days (older YYYYMMDD folders are deleted)',
      '30',
    )
    .action(async (options: DownOptions) => {
      const keepDays = integer('down', '--keep-days', options.keepDays, 1, 36_500)
      try {
        const result = await dailyDown(
          {
            root: rootDir(options.root),
            reportDir: options.reportDir,
            archiveDir: options.archiveDir,
            stateDir: options.stateDir,
            certify: options.certify,
            keepDays,
            ...(options.date === undefined ? {} : { day: parseDay(options.date) }),
          },
          deps,
        )
        setExit(result.exitCode)
      } catch (error) {
        throw asCliError(error)
      }
    })
}
