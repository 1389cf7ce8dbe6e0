import { type ChildProcess, spawn } from 'node:child_process'

/** A server process this run started; stopped by its PID, never by name. */
export interface ServiceProcess {
  readonly pid: number
  readonly command: string
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** The last lines it printed, for error messages. */
  output(): string
  isRunning(): boolean
  /** Sends `signal` now, without waiting; returns the PID, or undefined when already exited. */
  signal(signal: NodeJS.Signals): number | undefined
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves once it has exited. */
  stop(graceMs?: number): Promise<void>
}

const MAX_OUTPUT_CHARS = 4_000

/**
 * Starts a server process with its output kept for diagnostics. `uid`/`gid` run it as another
 * user (PostgreSQL refuses to run as root).
 *
 * @example
 * const proc = spawnService('/usr/bin/redis-server', ['--port', '6390'], { cwd: dir })
 * await proc.stop()
 */
export function spawnService(
  command: string,
  args: readonly string[],
  options: { cwd: string; uid?: number; gid?: number; env?: NodeJS.ProcessEnv },
): ServiceProcess {
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  })
  let output = ''
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT_CHARS)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let running = true
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false
      resolve({ code, signal })
    })
    child.once('error', (error) => {
      running = false
      keep(Buffer.from(`\n${error.message}`))
      resolve({ code: null, signal: null })
    })
  })
  return {
    pid: child.pid ?? -1,
    command: `${command} ${args.join(' ')}`,
    exited,
    output: () => output.trim(),
    isRunning: () => running,
    signal(signal) {
      if (!running || child.pid === undefined) return undefined
      child.kill(signal)
      return child.pid
    },
    async stop(graceMs = 5_000) {
      if (!running || child.pid === undefined) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => {
        if (running) child.kill('SIGKILL')
      }, graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}
