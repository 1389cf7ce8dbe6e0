import type { Clock } from '../common/clock.js'

/**
 * The run's clock and the moment the run started on it: every time in a report is an offset
 * from that start. The start is fixed once, when the load begins.
 *
 * @example
 * const time = new RunTimebase(systemClock())
 * time.start()
 * time.sinceStart() // ms since the load began
 */
export class RunTimebase {
  readonly clock: Clock
  #startMs: number

  constructor(clock: Clock) {
    this.clock = clock
    this.#startMs = clock.now()
  }

  /** Absolute time on the clock when the run started. */
  get startMs(): number {
    return this.#startMs
  }

  now(): number {
    return this.clock.now()
  }

  /** Marks the start of the run: now. */
  start(): void {
    this.#startMs = this.clock.now()
  }

  /** Milliseconds from the start of the run to `atMs` (default: now). */
  sinceStart(atMs = this.clock.now()): number {
    return atMs - this.#startMs
  }
}
