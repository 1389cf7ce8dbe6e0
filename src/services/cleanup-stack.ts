import { rmSync } from 'node:fs'

interface Entry {
  readonly name: string
  readonly stop: () => Promise<void>
  /** Best effort when the process is exiting and nothing async can run any more. */
  readonly kill?: () => void
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']

/**
 * Everything a run started, stopped in reverse order: after the run, on a failure, on
 * SIGINT/SIGTERM (then the signal is re-raised if nobody else handles it) and, synchronously,
 * when the process exits with services still up.
 *
 * @example
 * const stack = new CleanupStack().watchProcess()
 * stack.add('redis', () => proc.stop(), () => process.kill(proc.pid, 'SIGKILL'))
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
      this.#unwatch()
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
    })
  }

  readonly #onExit = (): void => {
    for (const entry of this.#entries.splice(0).reverse()) {
      try {
        entry.kill?.()
      } catch {
        // already gone
      }
    }
    for (const dir of this.#tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
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

  add(name: string, stop: () => Promise<void>, kill?: () => void): void {
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
      for (const entry of this.#entries.splice(0).reverse()) {
        try {
          await entry.stop()
        } catch (error) {
          this.#errors.push(`${entry.name}: ${(error as Error).message}`)
        }
      }
      for (const dir of this.#tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
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
