import { AsyncResource } from 'node:async_hooks'
import { setImmediate as realSetImmediate } from 'node:timers'
import type { Clock } from './clock.js'
import { EventQueue, type ScheduledEvent } from './event-queue.js'
import { InvalidOptionError } from './invalid-option-error.js'

/** Options of {@link Simulation}. */
export interface SimulationOptions {
  /** Simulated time at the start, in ms. @default 0 */
  readonly startMs?: number
  /**
   * Receives errors thrown by scheduled actions; the simulation goes on with the others.
   * @default rethrows, as an uncaught exception, like a timer callback would
   */
  readonly onError?: (error: unknown) => void
}

/** One simulated turn: every promise continuation queued so far runs before the next event. */
const turn = (): Promise<void> => new Promise((resolve) => realSetImmediate(resolve))

/**
 * The discrete-event kernel of simulated time: one queue of actions ordered by (time, order of
 * scheduling) and one clock that moves only from one action's time to the next. Everything of
 * a simulated run schedules on it (arrivals through `clock.sleepUntil`, the venue, the
 * heartbeat, the fault timeline, control flags), so a run is a pure function of its seed and
 * engine, and an hour of trading takes as long as its events take to compute.
 *
 * Between two events every promise continuation runs (one event-loop turn), so async code that
 * awaits `clock.sleepUntil` reads like real-time code, and an in-process engine that answers
 * with a promise answers at the instant it was asked. Real I/O has no place here: its answers
 * would land at whatever simulated time the wall clock let them.
 *
 * @example
 * const sim = new Simulation()
 * sim.at(5_000, () => console.log(sim.now())) // prints 5000, within microseconds of wall time
 * await sim.clock.sleepUntil(10_000)
 */
export class Simulation {
  /** The simulated clock: `sleepUntil` schedules a wake-up on this simulation. */
  readonly clock: Clock
  readonly #queue = new EventQueue()
  readonly #onError: (error: unknown) => void
  #now: number
  #pumping = false
  #disposed = false
  #eventsRun = 0
  /**
   * Starts the pump in the context the simulation was made in: an event scheduled from inside
   * an engine call must not run every later event as part of that call.
   */
  readonly #startPump = AsyncResource.bind(() => void this.#pump())

  constructor(options: SimulationOptions = {}) {
    const startMs = options.startMs ?? 0
    if (!Number.isFinite(startMs))
      throw new InvalidOptionError(
        `new Simulation({ startMs: ${String(startMs)} }): expected a finite number of ms, e.g. 0.`,
      )
    this.#now = startMs
    this.#onError =
      options.onError ??
      ((error) => {
        throw error
      })
    this.clock = {
      now: () => this.#now,
      sleepUntil: (atMs) =>
        atMs <= this.#now
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              this.at(atMs, resolve)
            }),
    }
  }

  /** Simulated now, in ms. */
  now(): number {
    return this.#now
  }

  /** Actions scheduled and not yet run or cancelled. */
  get pending(): number {
    return this.#queue.live
  }

  /** Actions run so far. */
  get eventsRun(): number {
    return this.#eventsRun
  }

  /** Runs `action` at `atMs` of simulated time (a time in the past runs now, after what is due). */
  at(atMs: number, action: () => void): ScheduledEvent {
    if (typeof atMs !== 'number' || Number.isNaN(atMs)) {
      throw new InvalidOptionError(
        `Simulation.at(${String(atMs)}): expected a number of ms of simulated time, e.g. sim.at(sim.now() + 5, action).`,
      )
    }
    if (this.#disposed) {
      throw new InvalidOptionError(
        'Simulation.at: this simulation was disposed (its run ended); create a new Simulation for a new run.',
      )
    }
    const event = this.#queue.push(Math.max(atMs, this.#now), action)
    if (!this.#pumping) {
      this.#pumping = true
      this.#startPump()
    }
    return event
  }

  /** Drops every pending action; the clock stays where it is. */
  dispose(): void {
    this.#disposed = true
    this.#queue.clear()
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        await turn()
        if (this.#disposed) return
        const head = this.#queue.peek()
        if (head === undefined) return
        this.#queue.takeDue(head.atMs)
        if (head.atMs > this.#now) this.#now = head.atMs
        this.#eventsRun++
        try {
          head.action()
        } catch (error) {
          this.#onError(error)
        }
      }
    } finally {
      this.#pumping = false
    }
  }
}
