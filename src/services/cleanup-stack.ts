import { readFileSync, rmSync } from 'node:fs'

interface Entry {
  readonly name: string
  readonly stop: () => Promise<void>
  /**
   * Last resort when the process is exiting and nothing async can run any more: signal the
   * server and return its PID so the exit can wait for it (undefined if it is not running).
   */
  readonly kill?: () => number | undefined
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']
const EXIT_WAIT_MS = 5_000

const sleepSync = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** Alive and not a zombie (a zombie child of ours is dead, just not reaped yet). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true
  }
}

/**
 * Everything a run started, stopped in reverse order: after the run, on a failure, on
 * SIGINT/SIGTERM, and, synchronously, when the process exits with services still up (Vitest
 * exits 1 ms after Ctrl+C, so that path must not need the event loop: it signals the servers,
 * waits for them to die, then removes the temp dirs).
 *
 * @example
 * const stack = new CleanupStack().watchProcess()
 * stack.add('redis', () => proc.stop(), () => proc.kill('SIGKILL'))
 * await stack.run()
 */
export class CleanupStack {
  readonly #entries: Entry[] = []
  readonly #tempDirs: string[] = []
  readonly #errors: string[] = []
  #running: Promise<void> | undefined
  #watching = false

  readonly #onSignal = (signal: NodeJS.Signals): void => {
    void this.run().finally(() => {
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
    })
  }

  readonly #onExit = (): void => {
    const pids: number[] = []
    for (const entry of [...this.#entries].reverse()) {
      try {
        const pid = entry.kill?.()
        if (pid !== undefined) pids.push(pid)
      } catch {
        // already gone
      }
    }
    const deadline = Date.now() + EXIT_WAIT_MS
    while (pids.some(alive) && Date.now() < deadline) sleepSync(20)
    for (const dir of this.#tempDirs.splice(0)) {
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 })
      } catch {
        // nothing more can be done while exiting
      }
    }
  }

  /** Installs the signal and exit handlers until {@link run} completes. */
  watchProcess(): this {
    if (!this.#watching) {
      this.#watching = true
      for (const signal of SIGNALS) process.on(signal, this.#onSignal)
      process.on('exit', this.#onExit)
    }
    return this
  }

  add(name: string, stop: () => Promise<void>, kill?: () => number | undefined): void {
    this.#entries.push({ name, stop, ...(kill ? { kill } : {}) })
  }

  addTempDir(dir: string): void {
    this.#tempDirs.push(dir)
  }

  /** Problems met while stopping, e.g. a server that would not stop. */
  get errors(): readonly string[] {
    return this.#errors
  }

  /** Stops everything once; later calls wait for the same run. */
  run(): Promise<void> {
    this.#running ??= (async () => {
      // Each entry leaves the list only once stopped, so an exit midway still kills the rest.
      for (let entry = this.#entries.at(-1); entry; entry = this.#entries.at(-1)) {
        try {
          await entry.stop()
        } catch (error) {
          this.#errors.push(`${entry.name}: ${(error as Error).message}`)
        }
        this.#entries.pop()
      }
      for (const dir of this.#tempDirs.splice(0)) {
        rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 })
      }
      this.#unwatch()
    })()
    return this.#running
  }

  #unwatch(): void {
    if (!this.#watching) return
    this.#watching = false
    for (const signal of SIGNALS) process.off(signal, this.#onSignal)
    process.off('exit', this.#onExit)
  }
}
