import { spawn } from 'node:child_process'
import { closeSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import { DailyError } from './daily-error.js'
import { type ProcessIdentity, processStartTime, processStatus } from './process-identity.js'

/** Options of {@link spawnDetached}. */
export interface DetachedOptions {
  readonly cwd: string
  /** Its stdout and stderr are appended here. */
  readonly log: string
  readonly env?: NodeJS.ProcessEnv
  /** Run as this account (PostgreSQL refuses root). */
  readonly uid?: number
  readonly gid?: number
}

/**
 * Starts a process that outlives this one: its own session and process group, output to a log
 * file, not waited for. Returns as soon as the PID is known, so the caller records it at once.
 *
 * @example
 * const { pid, startTime } = spawnDetached('/usr/bin/redis-server', ['--port', '6390'], {
 *   cwd: '.stressgate/daily/redis', log: '.stressgate/daily/logs/redis.log',
 * })
 */
export function spawnDetached(
  command: string,
  args: readonly string[],
  options: DetachedOptions,
): { pid: number; startTime: string | undefined } {
  mkdirSync(dirname(options.log), { recursive: true })
  const fd = openSync(options.log, 'a')
  try {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', fd, fd],
      detached: true,
      ...(options.uid === undefined ? {} : { uid: options.uid }),
      ...(options.gid === undefined ? {} : { gid: options.gid }),
    })
    // A spawn failure arrives as an event; without a listener it would crash this process.
    child.once('error', () => undefined)
    if (child.pid === undefined) {
      throw new DailyError(
        `could not start ${command}: no process was created. Check that it exists and is executable.`,
      )
    }
    child.unref()
    return { pid: child.pid, startTime: processStartTime(child.pid) }
  } finally {
    closeSync(fd)
  }
}

/** How a stop went. */
export type StopOutcome =
  | 'stopped'
  /** It ignored `signal` for the grace period and was killed. */
  | 'killed'
  /** It was not running (crashed, stopped by hand, machine restarted). */
  | 'not-running'
  /** The PID belongs to another process now: nothing was signalled. */
  | 'pid-reused'
  /** Still running even after SIGKILL (e.g. not ours to signal). */
  | 'stuck'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function waitGone(identity: ProcessIdentity, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  for (;;) {
    if (processStatus(identity).state !== 'running') return true
    if (Date.now() >= deadline) return false
    await sleep(100)
  }
}

function send(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal)
  } catch {
    // exited meanwhile, or not ours
  }
}

/**
 * Stops a process we started, by PID, only after checking it is still that process (start time
 * and command): `signal`, then after `graceMs` SIGKILL to its whole process group (a detached
 * process leads its own group, PostgreSQL's backends included).
 *
 * @example
 * await stopDetached({ pid: 4242, startTime: '123456', marker: 'redis-server' }, 'SIGTERM')
 */
export async function stopDetached(
  identity: ProcessIdentity,
  signal: NodeJS.Signals,
  graceMs = 10_000,
): Promise<{ outcome: StopOutcome; why?: string }> {
  const status = processStatus(identity)
  if (status.state === 'gone') return { outcome: 'not-running' }
  if (status.state === 'reused') return { outcome: 'pid-reused', why: status.why }
  send(identity.pid, signal)
  if (await waitGone(identity, graceMs)) return { outcome: 'stopped' }
  send(-identity.pid, 'SIGKILL')
  send(identity.pid, 'SIGKILL')
  if (await waitGone(identity, 5_000)) return { outcome: 'killed' }
  return { outcome: 'stuck', why: `pid ${identity.pid} is still running after SIGKILL` }
}
