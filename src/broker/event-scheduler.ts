import { type Clock, systemClock, VirtualClock } from '../common/clock.js'
import { EventQueue, type ScheduledEvent } from '../common/event-queue.js'
import { BrokerSpecError, BrokerStateError } from './broker-error.js'

/**
 * A time-ordered queue of actions on a clock. Actions due at the same time run in the order they
 * were scheduled. Times in the past are clamped to now: an action never runs before it was asked.
 */
export interface Scheduler {
  /** The scheduler's clock, in ms. */
  now(): number
  /** Runs `action` at `atMs` (clamped to now). */
  at(atMs: number, action: () => void): ScheduledEvent
  /** Actions scheduled and not yet run or cancelled. */
  readonly pending: number
}

export type { ScheduledEvent }

const checkTime = (where: string, atMs: number): void => {
  if (typeof atMs !== 'number' || Number.isNaN(atMs)) {
    throw new BrokerSpecError(
      `${where}: atMs = ${String(atMs)} is not a time; allowed: a number of ms on the scheduler's clock. Example: scheduler.at(scheduler.now() + 5, action).`,
    )
  }
}

/**
 * Runs in virtual time for exact tests: nothing happens until `runUntil`/`advanceBy`, which fire
 * every due action in (time, scheduling order) and move the {@link VirtualClock} to each action's
 * time, then to the target. Errors thrown by an action propagate out of `runUntil`.
 *
 * @example
 * const scheduler = new VirtualScheduler()
 * scheduler.at(5, () => console.log(scheduler.now())) // prints 5 ...
 * scheduler.runUntil(10)                             // ... here; now() is 10 afterwards
 */
export class VirtualScheduler implements Scheduler {
  readonly clock: VirtualClock
  readonly #queue = new EventQueue()
  #running = false

  constructor(clock: VirtualClock = new VirtualClock()) {
    this.clock = clock
  }

  now(): number {
    return this.clock.now()
  }

  get pending(): number {
    return this.#queue.live
  }

  at(atMs: number, action: () => void): ScheduledEvent {
    checkTime('VirtualScheduler.at', atMs)
    return this.#queue.push(Math.max(atMs, this.now()), action)
  }

  /** Fires every action due at or before `tMs` (including ones they schedule), then sets now = tMs. */
  runUntil(tMs: number): void {
    if (typeof tMs !== 'number' || !Number.isFinite(tMs) || tMs < this.now()) {
      throw new BrokerStateError(
        `VirtualScheduler.runUntil(${String(tMs)}): virtual time is already ${this.now()} ms and never goes back; pass a finite tMs >= now(), e.g. runUntil(scheduler.now() + 10).`,
      )
    }
    this.#run(tMs, Number.POSITIVE_INFINITY)
    this.clock.advance(tMs - this.now())
  }

  /** `runUntil(now() + ms)`. */
  advanceBy(ms: number): void {
    this.runUntil(this.now() + ms)
  }

  /**
   * Fires actions until none is left and returns how many ran. Self-rescheduling actions (resting
   * orders re-checked, heartbeats) never run out: `maxEvents` stops them with an error.
   */
  runAll(maxEvents = 1_000_000): number {
    const ran = this.#run(Number.POSITIVE_INFINITY, maxEvents)
    if (this.#queue.live > 0) {
      throw new BrokerStateError(
        `VirtualScheduler.runAll: still ${this.#queue.live} actions pending after ${maxEvents} ran; something reschedules itself forever. Use runUntil(tMs) to stop at a time, or raise maxEvents.`,
      )
    }
    return ran
  }

  #run(tMs: number, maxEvents: number): number {
    if (this.#running) {
      throw new BrokerStateError(
        'VirtualScheduler: runUntil/runAll called from inside a scheduled action; schedule the work with at() instead.',
      )
    }
    this.#running = true
    let ran = 0
    try {
      while (ran < maxEvents) {
        const entry = this.#queue.takeDue(tMs)
        if (entry === undefined) break
        // A clock shared with the load driver may already be past the event: fire it late, at now.
        if (entry.atMs > this.now()) this.clock.advance(entry.atMs - this.now())
        ran++
        entry.action()
      }
    } finally {
      this.#running = false
    }
    return ran
  }
}

/** Options of {@link RealTimeScheduler}. */
export interface RealTimeSchedulerOptions {
  /** @default systemClock() */
  clock?: Clock
  /**
   * Receives errors thrown by actions; the scheduler keeps running the others.
   * @default rethrows, as an uncaught exception, like any timer callback would
   */
  onError?: (error: unknown) => void
}

/**
 * Runs actions in real time for scenarios: one timer armed for the earliest action; when it
 * fires, every action due on the clock runs in (time, scheduling order). Dispose it to clear the
 * timer (actions still queued are dropped).
 *
 * @example
 * using scheduler = new RealTimeScheduler()
 * scheduler.at(scheduler.now() + 5, () => console.log('5 ms later'))
 */
export class RealTimeScheduler implements Scheduler, Disposable {
  readonly clock: Clock
  readonly #queue = new EventQueue()
  readonly #onError: (error: unknown) => void
  #timer: NodeJS.Timeout | undefined
  #timerAtMs = Number.POSITIVE_INFINITY
  #disposed = false
  #firing = false

  constructor(options: RealTimeSchedulerOptions = {}) {
    this.clock = options.clock ?? systemClock()
    this.#onError =
      options.onError ??
      ((error) => {
        throw error
      })
  }

  now(): number {
    return this.clock.now()
  }

  get pending(): number {
    return this.#queue.live
  }

  at(atMs: number, action: () => void): ScheduledEvent {
    checkTime('RealTimeScheduler.at', atMs)
    if (this.#disposed) {
      throw new BrokerStateError(
        'RealTimeScheduler.at: the scheduler was disposed; create a new RealTimeScheduler for a new run.',
      )
    }
    const event = this.#queue.push(Math.max(atMs, this.now()), action)
    if (!this.#firing && event.atMs < this.#timerAtMs) this.#arm()
    return event
  }

  [Symbol.dispose](): void {
    this.#disposed = true
    this.#clearTimer()
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
    this.#timerAtMs = Number.POSITIVE_INFINITY
  }

  #arm(): void {
    this.#clearTimer()
    const head = this.#queue.peek()
    if (head === undefined || this.#disposed) return
    this.#timerAtMs = head.atMs
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, Math.ceil(head.atMs - this.now())))
  }

  #fire(): void {
    this.#timer = undefined
    this.#timerAtMs = Number.POSITIVE_INFINITY
    const errors: unknown[] = []
    this.#firing = true
    try {
      for (;;) {
        if (this.#disposed) return
        const entry = this.#queue.takeDue(this.now())
        if (entry === undefined) break
        try {
          entry.action()
        } catch (error) {
          errors.push(error)
        }
      }
    } finally {
      this.#firing = false
    }
    this.#arm()
    for (const error of errors) this.#onError(error)
  }
}
