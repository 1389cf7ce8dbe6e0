import { spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import type { Command } from 'commander'
import { REPORT_FILE } from '../report/report-files.js'
import type { CertificationReport, ScenarioReport } from '../report/report-schema.js'
import { TIME_MODES, type TimeMode } from '../scenario/time-mode.js'
import { SERVICES_MODES, type ServicesMode } from '../services/service-types.js'
import { CliError, type CliIo } from './cli-io.js'

interface CertifyOptions {
  services?: string
  reportDir?: string
  root?: string
  baseline?: string
  /** The engine module to certify, relative to the working directory. */
  engine?: string
  /** Run the shipped standard suite too. @default true with `engine`, else the plugin's option */
  standardSuite?: boolean
  /** One clock for every scenario (`simulated` or `real`), overriding each scenario's `time`. */
  time?: string
}

/** How the vitest child ended. */
interface VitestExit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  /** The first signal this process received and passed on to the child. */
  readonly forwarded: NodeJS.Signals | undefined
}

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']
const GROUP_EXIT_POLLS = 50
const MARK: Record<ScenarioReport['state'], string> = {
  passed: 'PASS',
  failed: 'FAIL',
  inconclusive: 'INCONCLUSIVE',
  error: 'ERROR',
}

/** The `vitest.mjs` of the user's project: the one their config and plugin were written for. */
function resolveVitest(root: string): string {
  let manifest: string
  try {
    manifest = createRequire(join(root, 'package.json')).resolve('vitest/package.json')
  } catch {
    throw new CliError(
      `vitest is not installed in ${root}: nothing there resolves "vitest". Run "npm install -D vitest" in your project, or pass --root <your project>.`,
    )
  }
  const bin = join(dirname(manifest), 'vitest.mjs')
  if (!existsSync(bin)) {
    throw new CliError(
      `${bin} is missing: the vitest installed for ${root} is broken or too old. Reinstall it with "npm install -D vitest".`,
    )
  }
  return bin
}

const alive = (group: number): boolean => {
  try {
    process.kill(-group, 0)
    return true
  } catch {
    return false
  }
}

/** Signals the child's whole process group: Vitest and its fork workers. */
const signalGroup = (group: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(-group, signal)
  } catch {
    // already gone
  }
}

/**
 * Runs `vitest run --project stress` with the terminal's output inherited. The child leads its
 * own process group, so a signal reaches Vitest and its workers once, through this process:
 * Vitest exits on SIGINT without stopping its workers, and a worker left behind would keep
 * running its scenario.
 */
function runVitest(bin: string, root: string, env: NodeJS.ProcessEnv): Promise<VitestExit> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, 'run', '--project', 'stress'], {
      cwd: root,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    })
    const group = child.pid
    let forwarded: NodeJS.Signals | undefined
    // Kept installed until the child exits, so this process outlives it and can report.
    const forward = (signal: NodeJS.Signals): void => {
      forwarded ??= signal
      if (group !== undefined) signalGroup(group, signal)
    }
    const unwatch = (): void => {
      for (const signal of FORWARDED) process.off(signal, forward)
    }
    for (const signal of FORWARDED) process.on(signal, forward)
    child.once('error', (error) => {
      unwatch()
      fail(new CliError(`could not start ${bin}: ${error.message}`))
    })
    child.once('exit', async (code, signal) => {
      if (forwarded !== undefined && group !== undefined) {
        // Give the workers time to finish their own cleanup, then make sure none is left.
        for (let i = 0; i < GROUP_EXIT_POLLS && alive(group); i++) {
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
        signalGroup(group, 'SIGKILL')
      }
      unwatch()
      done({ code, signal, forwarded })
    })
  })
}

/** The report this run wrote; anything else (none, unreadable, older) is a CliError. */
async function readFreshReport(
  file: string,
  startedAt: number,
  exit: VitestExit,
): Promise<CertificationReport> {
  const ran = `vitest exited with code ${exit.code}`
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (cause) {
    const why = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no report' : String(cause)
    throw new CliError(
      `${ran} and left ${why} at ${file}, so nothing is certified. Vitest's output above says why: a configuration or services error, or no scenario files (the stressgate plugin in vitest.config runs scenarios/**/*.stress.ts).`,
    )
  }
  let report: CertificationReport
  try {
    report = JSON.parse(text) as CertificationReport
    if (typeof report.certified !== 'boolean' || typeof report.scenarios !== 'object')
      throw new Error('shape')
  } catch {
    throw new CliError(
      `${file} is not a stressgate certification report (expected JSON with "certified" and "scenarios"); ${ran}. See vitest's output above.`,
    )
  }
  const writtenAt = Date.parse(report.certification_timestamp)
  if (!(writtenAt >= startedAt)) {
    throw new CliError(
      `${file} is from an earlier run (${report.certification_timestamp}); this run wrote none (${ran}). See vitest's output above.`,
    )
  }
  return report
}

/** Why one scenario did not pass, one line each. */
function reasons(s: ScenarioReport): string[] {
  const lines = s.failure_messages.map((m) => m.split('\n')[0] ?? m)
  if (s.inconclusive_reason) lines.push(s.inconclusive_reason)
  if (lines.length === 0) {
    for (const [id, c] of Object.entries(s.criteria)) {
      if (!c.pass) lines.push(`${id}: ${c.description}, actual ${c.actual}`)
    }
  }
  if (lines.length === 0) lines.push(`the test ${s.test_state} without a result`)
  return lines
}

function verdict(report: CertificationReport, file: string): string {
  const { passed_scenarios, total_scenarios } = report.summary
  const head = `stressgate certify: ${report.certified ? 'CERTIFIED' : 'NOT CERTIFIED'}  ${passed_scenarios}/${total_scenarios} scenarios passed  (${file})`
  const failed = Object.entries(report.scenarios)
    .filter(([, s]) => s.state !== 'passed')
    .map(([name, s]) => [
      `  ${MARK[s.state]} ${name}`,
      ...reasons(s).map((r) => `      ${r}`),
      ...(s.replay ? [`      replay: ${s.replay}`] : []),
    ])
  return `${[head, ...failed.flat()].join('\n')}\n`
}

/** Options of {@link certifyProject}: the command's options, plus the run's environment. */
export interface CertifyProjectOptions extends CertifyOptions {
  /** The environment of the Vitest child (e.g. `STRESS_*_URL`). @default process.env */
  readonly env?: NodeJS.ProcessEnv
}

/**
 * One certification run: runs the project's stress scenarios with its own Vitest in a child
 * process and judges the report that run wrote. Resolves 0 when certified, 1 when not; throws a
 * {@link CliError} (exit 2) when the run produced no report of its own.
 *
 * @example
 * const code = await certifyProject({ root: '.', services: 'external', env: { ...process.env, STRESS_REDIS_URL: url } }, io)
 */
export async function certifyProject(options: CertifyProjectOptions, io: CliIo): Promise<number> {
  const root = resolve(options.root ?? '.')
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new CliError(`--root ${root} is not a directory. Pass the folder of vitest.config.`)
  }
  const { services } = options
  if (services !== undefined && !SERVICES_MODES.includes(services as ServicesMode)) {
    throw new CliError(
      `--services ${JSON.stringify(services)}: allowed values are ${SERVICES_MODES.join(', ')}. Example: stressgate certify --services require-real`,
    )
  }
  const { time } = options
  if (time !== undefined && !TIME_MODES.includes(time as TimeMode)) {
    throw new CliError(
      `--time ${JSON.stringify(time)}: allowed values are ${TIME_MODES.join(', ')}. Leave it out to run each scenario on its own clock (correctness simulated, latency real). Example: stressgate certify --time real`,
    )
  }
  const engine = options.engine === undefined ? undefined : resolve(options.engine)
  if (engine !== undefined && !existsSync(engine)) {
    throw new CliError(
      `--engine ${options.engine}: no such file (${engine}). Pass the path of your engine module, whose default export is (options) => RiskEngine.`,
    )
  }
  const standardSuite = options.standardSuite ?? (engine !== undefined ? true : undefined)
  const bin = resolveVitest(root)
  // Relative --report-dir is from here; the plugin's own default is from the Vitest root.
  const reportDir =
    options.reportDir !== undefined
      ? resolve(options.reportDir)
      : resolve(root, (options.env ?? process.env).STRESSGATE_REPORT_DIR || 'reports')
  const file = join(reportDir, REPORT_FILE)
  const env: NodeJS.ProcessEnv = {
    ...(options.env ?? process.env),
    STRESSGATE_REPORT_DIR: reportDir,
    ...(services !== undefined ? { STRESSGATE_SERVICES: services } : {}),
    ...(time !== undefined ? { STRESSGATE_TIME: time } : {}),
    ...(options.baseline !== undefined ? { STRESSGATE_BASELINE: resolve(options.baseline) } : {}),
    ...(engine !== undefined ? { STRESSGATE_ENGINE: engine } : {}),
    ...(standardSuite !== undefined
      ? { STRESSGATE_STANDARD_SUITE: standardSuite ? '1' : '0' }
      : {}),
  }
  const startedAt = Date.now()
  const exit = await runVitest(bin, root, env)
  if (exit.forwarded !== undefined || exit.signal !== null) {
    const how = exit.forwarded
      ? `interrupted by ${exit.forwarded}`
      : `vitest was killed by ${exit.signal}`
    throw new CliError(`${how} before the run finished: nothing is certified.`)
  }
  const report = await readFreshReport(file, startedAt, exit)
  const shown = relative(process.cwd(), file)
  io.out(verdict(report, shown.startsWith('..') ? file : shown))
  if (
    report.certified &&
    exit.code !== 0 &&
    report.baseline?.regressed &&
    report.baseline.fail_on_regression
  ) {
    io.out(
      `stressgate certify: every scenario passed, but a scenario regressed against the baseline ${report.baseline.file} and failOnRegression is set.\n`,
    )
    return 1
  }
  if (report.certified && exit.code !== 0) {
    io.out(
      `stressgate certify: NOT CERTIFIED: every scenario passed, but vitest exited with code ${exit.code} (see its output above).\n`,
    )
    return 1
  }
  return report.certified ? 0 : 1
}

/**
 * `stressgate certify`: the nightly certification. Runs every scenario of the `stress` project
 * with the project's own Vitest in a child process and judges the report that run wrote: exit 0
 * when certified, 1 when not (the failed and inconclusive scenarios are listed), 2 when the run
 * produced no report of its own (interrupted, misconfigured, no scenarios).
 *
 * @example
 * npx stressgate certify --services require-real --report-dir reports/nightly
 * npx stressgate certify --engine ./src/my-governor.ts   # the standard suite on your governor
 */
export function registerCertify(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  program
    .command('certify')
    .description(
      'Run every scenario (vitest run --project stress); exit 0 only when this run is certified, 1 when not, 2 when it produced no report.',
    )
    .option(
      '--services <mode>',
      `where Redis, PostgreSQL and the Pushgateway come from, overriding the plugin's option: ${SERVICES_MODES.join(' | ')}`,
    )
    .option(
      '--report-dir <dir>',
      "where the run writes its reports, overriding the plugin's reportDir (default: <root>/reports)",
    )
    .option('--root <dir>', 'the project to certify (default: the current directory)')
    .option(
      '--time <clock>',
      `run every scenario on one clock, overriding each scenario's time: ${TIME_MODES.join(' | ')}`,
    )
    .option(
      '--baseline <report>',
      "a baseline certification_report.json to compare with, overriding the plugin's baseline",
    )
    .option(
      '--engine <module>',
      "the engine module to certify (its default export: (options) => RiskEngine), overriding the plugin's engine; runs the standard suite on it",
    )
    .option('--standard-suite', 'run the shipped standard suite too (the default with --engine)')
    .option('--no-standard-suite', "run only the project's own scenarios, even with --engine")
    .action(async (options: CertifyOptions) => {
      setExit(await certifyProject(options, io))
    })
}
