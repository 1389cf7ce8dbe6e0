import { readFileSync } from 'node:fs'

/** What a recorded PID is now. */
export type ProcessStatus =
  /** The process we started: same PID, same start time, expected command. */
  | { readonly state: 'running' }
  /** No such process (or a zombie waiting to be reaped). */
  | { readonly state: 'gone' }
  /** The PID now belongs to another process: never signal it. */
  | { readonly state: 'reused'; readonly why: string }

/** Enough to recognise a process we started, later, from another process. */
export interface ProcessIdentity {
  readonly pid: number
  /** Start time in clock ticks since boot (`/proc/<pid>/stat` field 22); unknown off Linux. */
  readonly startTime?: string
  /** A word its command line must contain (servers may rewrite their title, keeping the name). */
  readonly marker: string
}

/** The fields of `/proc/<pid>/stat` after the command name (which may hold spaces). */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return text.slice(text.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

/**
 * The start time of `pid` (clock ticks since boot), or undefined when it is gone or not on
 * Linux. With the PID it identifies a process for good: a reused PID has a later start time.
 *
 * @example
 * processStartTime(process.pid) // '123456'
 */
export function processStartTime(pid: number): string | undefined {
  // Field 22 of stat; after the ')' field 3 (state) is index 0.
  return statFields(pid)?.[19]
}

const hasProc = (): boolean => {
  try {
    readFileSync('/proc/self/stat')
    return true
  } catch {
    return false
  }
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Whether `identity` is still the process we started. On Linux it compares the start time and
 * looks for the marker in `/proc/<pid>/cmdline`; elsewhere it can only ask whether the PID exists.
 *
 * @example
 * processStatus({ pid: 4242, startTime: '123456', marker: 'redis-server' }) // { state: 'running' }
 */
export function processStatus(identity: ProcessIdentity): ProcessStatus {
  const { pid } = identity
  if (!Number.isInteger(pid) || pid <= 1) return { state: 'gone' }
  if (!hasProc()) return signalable(pid) ? { state: 'running' } : { state: 'gone' }
  const fields = statFields(pid)
  // A zombie has exited; only its parent's wait() is missing.
  if (fields === undefined || fields[0] === 'Z' || fields[0] === 'X') return { state: 'gone' }
  if (identity.startTime !== undefined && fields[19] !== identity.startTime) {
    return {
      state: 'reused',
      why: `pid ${pid} started at tick ${fields[19]}, not ${identity.startTime}: it is another process now (${commandLine(pid)})`,
    }
  }
  const command = commandLine(pid)
  // An exiting process has an empty command line for a moment: still ours until it is gone.
  if (command !== undefined && command !== '' && !command.includes(identity.marker)) {
    return {
      state: 'reused',
      why: `pid ${pid} runs "${command}", which is not ${identity.marker}`,
    }
  }
  return { state: 'running' }
}

/**
 * `/proc/<pid>/cmdline` with spaces, or undefined.
 *
 * @example
 * commandLine(4242) // 'redis-server 127.0.0.1:6390'
 */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()
  } catch {
    return undefined
  }
}
