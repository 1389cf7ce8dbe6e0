import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../report/atomic-write.js'
import { archiveDay } from './archive.js'
import { type CertificationOutcome, outcomeExitCode, outcomeLine } from './certification-run.js'
import { withDailyLock } from './daily-lock.js'
import { type DailyPathOptions, type DailyPaths, dailyPaths, endOfDayName } from './daily-paths.js'
import {
  DAILY_PROCESSES,
  type DailyState,
  readState,
  removeState,
  StateStore,
} from './daily-state.js'
import type { DailyDeps } from './daily-up.js'
import { type DayStamp, formatDay } from './day.js'
import { type StopOutcome, stopDetached } from './detached-process.js'
import { STOP_SIGNAL } from './launchers.js'
import { processStatus } from './process-identity.js'
import { applyRetention, type RetentionResult } from './retention.js'
import { certifyOnce, serviceUrls } from './run-certification.js'

/** Options of {@link dailyDown}. */
export interface DailyDownOptions extends DailyPathOptions {
  /** Run a final certification first. @default true */
  readonly certify?: boolean
  /** Archive folders of the last this-many days are kept. @default 30 */
  readonly keepDays?: number
  /** The day archived. @default the day of the last `up` (from the state file), else today */
  readonly day?: DayStamp
}

/** One process `down` dealt with. */
export interface StoppedProcess {
  readonly name: string
  readonly pid: number
  readonly outcome: StopOutcome
  readonly why?: string
}

/** What {@link dailyDown} did. */
export interface DailyDownResult {
  /** 0 ok, 1 final certification failed, 2 no report or a process could not be stopped. */
  readonly exitCode: 0 | 1 | 2
  readonly archiveDir: string
  readonly archived: readonly string[]
  readonly stopped: readonly StoppedProcess[]
  readonly retention: RetentionResult
  readonly summary: string
}

/** Whether every recorded service of a `--services local` day still runs as ours. */
function servicesUp(state: DailyState | undefined): boolean {
  if (state?.services !== 'local') return false
  const services = (['redis', 'postgres', 'pushgateway'] as const).map((n) => state.processes[n])
  return services.every((r) => r?.ready && processStatus(r).state === 'running')
}

const STOPPED_TEXT: Readonly<Record<StopOutcome, string>> = {
  stopped: 'stopped',
  killed: 'killed after it ignored the stop signal',
  'not-running': 'was not running',
  'pid-reused': 'not signalled: its PID belongs to another process now',
  stuck: 'COULD NOT BE STOPPED',
}

function endOfDay(input: {
  day: DayStamp
  at: Date
  stateNote: string
  outcome: CertificationOutcome
  stopped: readonly StoppedProcess[]
  archiveDir: string
  archived: readonly string[]
  retention: RetentionResult
  keepDays: number
}): string {
  const stopped =
    input.stopped.length === 0
      ? ['- nothing to stop']
      : input.stopped.map(
          (s) =>
            `- ${s.name} (pid ${s.pid}): ${STOPPED_TEXT[s.outcome]}${s.why ? ` (${s.why})` : ''}`,
        )
  return [
    `# stressgate end of day ${input.day}`,
    '',
    `Written ${input.at.toISOString()} by \`stressgate down\`.`,
    '',
    `- Final certification: ${outcomeLine(input.outcome)}`,
    `- State: ${input.stateNote}`,
    `- Archive: ${input.archiveDir} (${input.archived.length} files: ${input.archived.join(', ') || 'none'})`,
    `- Retention (${input.keepDays} days): ${input.retention.deleted.length > 0 ? `deleted ${input.retention.deleted.join(', ')}` : 'nothing to delete'}; ${input.retention.kept.length} day(s) kept`,
    '',
    '## Processes',
    '',
    ...stopped,
    '',
  ].join('\n')
}

/**
 * `stressgate down`: final certification (against the day's services when they are still up),
 * stop what `up` started (by recorded PID, after checking it is still that process), move the
 * day's reports and logs to `archives/YYYYMMDD/` (the run history is copied and stays), write the
 * end-of-day summary, apply retention. With nothing running it still archives and summarises.
 * Holds the daily lock throughout: refused while another `up` or `down` runs.
 *
 * @example
 * const { exitCode, summary } = await dailyDown({ root: '.' }, { runCertify, out: console.log })
 */
export async function dailyDown(
  options: DailyDownOptions,
  deps: DailyDeps,
): Promise<DailyDownResult> {
  const paths = dailyPaths(options)
  return withDailyLock(paths.lockFile, 'down', deps, () => downLocked(options, deps, paths))
}

async function downLocked(
  options: DailyDownOptions,
  deps: DailyDeps,
  paths: DailyPaths,
): Promise<DailyDownResult> {
  const now = deps.now ?? (() => new Date())
  const out = deps.out
  const keepDays = options.keepDays ?? 30
  const read = readState(paths.stateFile, now())
  const state = read.kind === 'found' ? read.state : undefined
  // A `down` after midnight closes the day its `up` opened.
  const day = options.day ?? state?.day ?? formatDay(now())
  let stateNote: string
  if (read.kind === 'none') stateNote = 'no state file: nothing recorded as running'
  else if (read.kind === 'broken')
    stateNote = `state file unreadable (${read.why}), moved to ${read.movedTo}: its processes are not known, check for them by hand`
  else {
    const live = Object.values(read.state.processes).filter(
      (r) => processStatus(r).state === 'running',
    )
    stateNote =
      live.length === 0
        ? `stale state of ${read.state.day}: none of its ${Object.keys(read.state.processes).length} process(es) runs any more`
        : `${live.length} process(es) of ${read.state.day} running`
  }
  out(stateNote)
  const closed = join(paths.archiveDir, day, endOfDayName(day))
  if (read.kind === 'none' && existsSync(closed)) {
    // Nothing runs and the day was closed: a rerun must not certify again or touch the archive.
    const summary = `day ${day} is already closed (${closed}) and nothing is recorded as running: nothing to do. "stressgate certify" runs another certification.`
    out(summary)
    return {
      exitCode: 0,
      archiveDir: join(paths.archiveDir, day),
      archived: [],
      stopped: [],
      retention: { deleted: [], kept: [] },
      summary,
    }
  }

  let outcome: CertificationOutcome = { state: 'skipped', why: '--no-certify' }
  if (options.certify ?? true) {
    const urls = state && servicesUp(state) ? serviceUrls(state) : undefined
    if (!urls && state?.services === 'local') {
      out(
        'the services of "stressgate up" are not all running: the final certification uses embedded services',
      )
    }
    out(`final certification against ${urls ? 'the daily services' : 'embedded services'}...`)
    outcome = await certifyOnce(deps.runCertify, {
      root: paths.root,
      reportDir: paths.reportDir,
      services: urls ? 'external' : 'embedded',
      env: urls ?? {},
    })
  }

  const stopped: StoppedProcess[] = []
  if (state) {
    const store = new StateStore(paths.stateFile, state, now)
    for (const name of [...DAILY_PROCESSES].reverse()) {
      const record = store.state.processes[name]
      if (record === undefined) continue
      const result = await stopDetached(record, STOP_SIGNAL[name])
      stopped.push({ name, pid: record.pid, ...result })
      out(`${name.padEnd(11)} pid ${String(record.pid).padEnd(8)} ${STOPPED_TEXT[result.outcome]}`)
      if (result.outcome !== 'stuck') store.remove(name)
    }
    if (Object.keys(store.state.processes).length === 0) removeState(paths.stateFile)
  }
  const stuck = stopped.some((s) => s.outcome === 'stuck')

  // Logs are moved only once nothing writes to them.
  const archive = await archiveDay({
    day,
    archiveDir: paths.archiveDir,
    reportDir: paths.reportDir,
    logDir: paths.logDir,
    moveLogs: !stuck,
  })
  const retention = await applyRetention(paths.archiveDir, day, keepDays)
  const archived = [...archive.files, endOfDayName(day)]
  const summary = endOfDay({
    day,
    at: now(),
    stateNote,
    outcome,
    stopped,
    archiveDir: archive.dir,
    archived,
    retention,
    keepDays,
  })
  // A second `down` the same day adds its summary under the first one.
  const summaryFile = join(archive.dir, endOfDayName(day))
  const before = existsSync(summaryFile) ? `${readFileSync(summaryFile, 'utf8')}\n---\n\n` : ''
  await writeFileAtomic(summaryFile, `${before}${summary}`)
  out(summary.trimEnd())
  const exitCode = stuck ? 2 : outcomeExitCode(outcome)
  return { exitCode, archiveDir: archive.dir, archived, stopped, retention, summary }
}
