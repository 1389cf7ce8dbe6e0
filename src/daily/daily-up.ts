import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../report/atomic-write.js'
import { previousArchive } from './archive.js'
import { type CertifyRunner, outcomeExitCode, outcomeLine } from './certification-run.js'
import { DailyError } from './daily-error.js'
import { withDailyLock } from './daily-lock.js'
import {
  type DailyPathOptions,
  type DailyPaths,
  dailyPaths,
  dailyReportName,
  REPORT_FILES,
} from './daily-paths.js'
import { dailyReportMarkdown } from './daily-report.js'
import { type DailyServiceMode, type DailyState, readState, StateStore } from './daily-state.js'
import { type DayStamp, formatDay } from './day.js'
import { stopDetached } from './detached-process.js'
import { type EnsuredProcess, ensureProcess } from './ensure-process.js'
import { localServiceLaunchers, metricsLauncher, STOP_SIGNAL } from './launchers.js'
import { preflight } from './preflight.js'
import { processStatus } from './process-identity.js'
import { certifyOnce, serviceUrls } from './run-certification.js'

/** Options of {@link dailyUp}. */
export interface DailyUpOptions extends DailyPathOptions {
  /** @default 'local' */
  readonly services?: DailyServiceMode
  /** Run the certification after starting everything. @default true */
  readonly certify?: boolean
  /** Port of the metrics server; 0 for any free one. @default 8000 */
  readonly metricsPort?: number
  /** The day the report is named after. @default today, local time */
  readonly day?: DayStamp
  /** Folders searched for the service binaries. @default PATH, then PostgreSQL's */
  readonly binDirs?: readonly string[]
}

/** What `up` and `down` need from outside: the certification, output, time. */
export interface DailyDeps {
  readonly runCertify: CertifyRunner
  /** One line of progress (no newline). */
  readonly out: (line: string) => void
  readonly now?: () => Date
}

/** What {@link dailyUp} did. */
export interface DailyUpResult {
  /** 0 ok, 1 not certified, 2 the run wrote no report. */
  readonly exitCode: 0 | 1 | 2
  readonly dailyReport: string
  readonly processes: readonly EnsuredProcess[]
}

const freshState = (day: DayStamp, services: DailyServiceMode, at: Date): DailyState => ({
  version: 1,
  day,
  services,
  updatedAt: at.toISOString(),
  processes: {},
})

function describe(p: EnsuredProcess): string {
  const { record } = p
  return `${p.action.padEnd(9)} ${record.name.padEnd(11)} ${record.url.padEnd(48)} pid ${record.pid}  ${record.detail ?? ''}`
}

/**
 * `stressgate up`: pre-flight, the long-lived services (reused when still up and answering),
 * the metrics server, the certification against those services, and the daily report.
 * Setup problems throw a {@link DailyError}; what was started stays recorded for `down`.
 * Holds the daily lock throughout: refused while another `up` or `down` runs.
 *
 * @example
 * const { exitCode } = await dailyUp({ root: '.', services: 'local' }, { runCertify, out: console.log })
 */
export async function dailyUp(options: DailyUpOptions, deps: DailyDeps): Promise<DailyUpResult> {
  const paths = dailyPaths(options)
  return withDailyLock(paths.lockFile, 'up', deps, () => upLocked(options, deps, paths))
}

async function upLocked(
  options: DailyUpOptions,
  deps: DailyDeps,
  paths: DailyPaths,
): Promise<DailyUpResult> {
  const now = deps.now ?? (() => new Date())
  const out = deps.out
  const day = options.day ?? formatDay(now())
  const mode = options.services ?? 'local'
  const certify = options.certify ?? true
  const metricsPort = options.metricsPort ?? 8000

  const read = readState(paths.stateFile, now())
  if (read.kind === 'broken') {
    out(`state file was unreadable (${read.why}): moved to ${read.movedTo}; starting from scratch`)
  }
  const previous = read.kind === 'found' ? read.state : undefined
  if (previous !== undefined && previous.day !== day) {
    out(`state file is from ${previous.day} (no "stressgate down" since): checking what still runs`)
  }
  const store = new StateStore(
    paths.stateFile,
    { ...(previous ?? freshState(day, mode, now())), day, services: mode },
    now,
  )

  // `up` writes there anyway (the daily report), so it exists before the pre-flight checks.
  await mkdir(paths.reportDir, { recursive: true })
  const ownMetrics = store.state.processes.metrics
  const metricsOurs =
    ownMetrics !== undefined &&
    ownMetrics.port === metricsPort &&
    processStatus(ownMetrics).state === 'running'
  for (const line of await preflight({
    root: paths.root,
    reportDir: paths.reportDir,
    ...(metricsPort === 0 || metricsOurs ? {} : { metricsPort }),
    certify,
  })) {
    out(`pre-flight ${line}`)
  }

  if (mode === 'embedded') {
    // An earlier `up --services local` left servers: embedded means none, so stop them.
    for (const name of ['pushgateway', 'postgres', 'redis'] as const) {
      const record = store.state.processes[name]
      if (record === undefined) continue
      const stopped = await stopDetached(record, STOP_SIGNAL[name])
      out(`stopped ${name} (pid ${record.pid}) of an earlier --services local: ${stopped.outcome}`)
      store.remove(name)
    }
  }
  const launchers = [
    ...(mode === 'local' ? localServiceLaunchers(paths.stateDir, options.binDirs) : []),
    metricsLauncher({
      port: metricsPort === 0 ? undefined : metricsPort,
      reportDir: paths.reportDir,
      cwd: paths.stateDir,
    }),
  ]
  const processes: EnsuredProcess[] = []
  for (const launcher of launchers) {
    try {
      const ensured = await ensureProcess(launcher, store, paths.logDir, now)
      if (ensured.note) out(ensured.note)
      out(describe(ensured))
      processes.push(ensured)
    } catch (error) {
      const up = processes.map((p) => `${p.record.name} (pid ${p.record.pid})`)
      const kept =
        up.length > 0
          ? ` Still up and recorded in ${paths.stateFile}: ${up.join(', ')}; "stressgate down" stops them, or fix the problem and rerun "stressgate up".`
          : ''
      throw new DailyError(`${(error as Error).message}${kept}`, { cause: error })
    }
  }

  let outcome: Parameters<typeof outcomeExitCode>[0] = {
    state: 'skipped',
    why: '--no-certify',
  }
  if (certify) {
    const urls = mode === 'local' ? serviceUrls(store.state) : undefined
    out(`certifying against ${urls ? 'the daily services' : 'embedded services'}...`)
    outcome = await certifyOnce(deps.runCertify, {
      root: paths.root,
      reportDir: paths.reportDir,
      services: urls ? 'external' : 'embedded',
      env: urls ?? {},
    })
  }

  const dailyReport = join(paths.reportDir, dailyReportName(day))
  const prior = await previousArchive(paths.archiveDir, day)
  await writeFileAtomic(
    dailyReport,
    dailyReportMarkdown({
      day,
      writtenAt: now(),
      root: paths.root,
      reportDir: paths.reportDir,
      stateFile: paths.stateFile,
      servicesMode: mode,
      processes,
      certification: outcome,
      files: REPORT_FILES.filter((f) => existsSync(join(paths.reportDir, f))),
      ...(prior ? { previous: prior } : {}),
    }),
  )
  const metrics = processes.find((p) => p.record.name === 'metrics')?.record.url
  out(`certification: ${outcomeLine(outcome)}`)
  if (metrics) out(`metrics:       ${metrics}/metrics`)
  out(`daily report:  ${dailyReport}`)
  return { exitCode: outcomeExitCode(outcome), dailyReport, processes }
}
