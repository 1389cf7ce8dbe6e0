import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { DailyError } from './daily-error.js'
import { processStartTime, processStatus } from './process-identity.js'

/** The command holding the lock. */
export type DailyCommand = 'up' | 'down'

/** What the lock file holds: who runs, since when. */
export interface LockHolder {
  readonly pid: number
  /** Start time of `pid` (see `processStartTime`); unknown off Linux. */
  readonly startTime?: string
  readonly command: DailyCommand
  /** ISO time the lock was taken. */
  readonly since: string
}

/** A held lock: {@link DailyLock.release} removes it (once, and only while it is still ours). */
export interface DailyLock {
  readonly file: string
  readonly holder: LockHolder
  release(): void
}

function isHolder(value: unknown): value is LockHolder {
  const v = value as LockHolder
  return (
    typeof v === 'object' &&
    v !== null &&
    Number.isInteger(v.pid) &&
    (v.command === 'up' || v.command === 'down') &&
    typeof v.since === 'string' &&
    (v.startTime === undefined || typeof v.startTime === 'string')
  )
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** Creates `file` with `text` unless it exists: false when it does. */
function createExclusive(file: string, text: string): boolean {
  let fd: number
  try {
    fd = openSync(file, 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  try {
    writeSync(fd, text)
  } catch (error) {
    closeSync(fd)
    rmSync(file, { force: true })
    throw error
  }
  closeSync(fd)
  return true
}

/**
 * Whether the holder still runs: same PID and same start time (a reused PID has another). The
 * empty marker skips the command-line check: the holder is whatever Node runs stressgate.
 */
const alive = (holder: LockHolder): boolean =>
  processStatus({
    pid: holder.pid,
    marker: '',
    ...(holder.startTime === undefined ? {} : { startTime: holder.startTime }),
  }).state === 'running'

const describeHolder = (h: LockHolder): string =>
  `"stressgate ${h.command}" (pid ${h.pid}, running since ${h.since})`

/**
 * Takes the exclusive lock of the daily routine: `file` created with `open(…, 'wx')`, holding
 * this process's PID, start time and command. A lock whose holder still runs is refused with a
 * {@link DailyError} naming it; a lock whose holder is gone (dead, or its PID reused) is taken
 * over and `out` says so. Release it in a `finally`; after a kill the next run takes it over.
 *
 * @example
 * const lock = acquireDailyLock('.stressgate/daily/lock', 'up', { out: console.log })
 * try { ... } finally { lock.release() }
 */
export function acquireDailyLock(
  file: string,
  command: DailyCommand,
  options: { out: (line: string) => void; now?: () => Date },
): DailyLock {
  const now = options.now ?? (() => new Date())
  mkdirSync(dirname(file), { recursive: true })
  const startTime = processStartTime(process.pid)
  const holder: LockHolder = {
    pid: process.pid,
    ...(startTime === undefined ? {} : { startTime }),
    command,
    since: now().toISOString(),
  }
  const text = `${JSON.stringify(holder)}\n`
  // A few rounds: the lock may be released or taken over by another run between two steps.
  for (let round = 0; round < 5; round++) {
    if (createExclusive(file, text)) return held(file, holder, text)
    const found = readText(file)
    if (found === undefined) continue
    let previous: unknown
    try {
      previous = JSON.parse(found)
    } catch {
      previous = undefined
    }
    if (!isHolder(previous)) {
      throw new DailyError(
        `the lock file ${file} exists but does not name its holder (another "stressgate up" or "down" may be writing it this very moment). Rerun in a moment; if it stays and no "stressgate up" or "down" runs, delete ${file}.`,
      )
    }
    if (alive(previous)) {
      throw new DailyError(
        `another ${describeHolder(previous)} holds the lock ${file}: two at once would start or stop the same services. Wait for it to finish and rerun; if you are sure it is gone, delete ${file}.`,
      )
    }
    if (takeOver(file, found, text)) {
      options.out(
        `took over the lock of ${describeHolder(previous)}: that process is gone (${file})`,
      )
      return held(file, holder, text)
    }
  }
  throw new DailyError(
    `could not take the lock ${file}: other "stressgate up" or "down" runs keep taking it. Wait for them to finish and rerun.`,
  )
}

/**
 * Replaces the stale lock whose content is `stale` by ours. Two runs may find the same stale
 * lock: the `.takeover` file lets one at a time remove it, and only while it is still that one
 * (a late run would otherwise delete the lock the first one just took).
 */
function takeOver(file: string, stale: string, text: string): boolean {
  const guard = `${file}.takeover`
  if (!createExclusive(guard, text)) {
    throw new DailyError(
      `another "stressgate up" or "down" is taking over the stale lock ${file} right now. Rerun in a moment; if this repeats and none runs, delete ${guard} and ${file}.`,
    )
  }
  try {
    if (readText(file) === stale) rmSync(file, { force: true })
    return createExclusive(file, text)
  } finally {
    rmSync(guard, { force: true })
  }
}

function held(file: string, holder: LockHolder, text: string): DailyLock {
  let released = false
  return {
    file,
    holder,
    release() {
      if (released) return
      released = true
      // Only ours: never the lock of a run that took it over meanwhile. Best effort: a lock left
      // behind names a dead process once this one exits, and the next run takes it over.
      try {
        if (readText(file) === text) rmSync(file, { force: true })
      } catch {
        // never hide the error of the run itself
      }
    },
  }
}

/**
 * Runs `work` holding the daily lock, released however `work` ends.
 *
 * @example
 * return withDailyLock(paths.lockFile, 'down', deps, () => downLocked(options, deps, paths))
 */
export async function withDailyLock<T>(
  file: string,
  command: DailyCommand,
  options: { out: (line: string) => void; now?: () => Date },
  work: () => Promise<T>,
): Promise<T> {
  const lock = acquireDailyLock(file, command, options)
  try {
    return await work()
  } finally {
    lock.release()
  }
}
