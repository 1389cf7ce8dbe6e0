import { performance } from 'node:perf_hooks'
import { InvalidOptionError } from './invalid-option-error.js'

/**
 * Monotonic time in milliseconds, injected everywhere time matters so tests can run the
 * scheduler on a {@link VirtualClock} with exact results.
 */
export interface Clock {
  /** Monotonic milliseconds (fractional). */
  now(): number
  /** Resolves at or after `atMs` on this clock. */
  sleepUntil(atMs: number): Promise<void>
}

/** Options of {@link systemClock}. */
export interface SystemClockOptions {
  /**
   * Below this distance from the target the clock spins on `setImmediate` (timers are only
   * ~1 ms precise). The spin keeps dispatch within tens of microseconds of the schedule, at the
   * price of one busy core at rates above ~500/s (`npm run bench:http` measured 80-100 % CPU at
   * 2,000-10,000/s, against 24 % with 0). With 0, every dispatch can be up to ~1 ms late, and
   * that lateness is in every corrected latency (p50 0.05 -> 1.1 ms in the same bench).
   * @default 2
   */
  readonly spinWindowMs?: number
}

/**
 * The process' monotonic clock (`performance.now()`). Sleeps with a timer until close to the
 * target, then yields with `setImmediate` so I/O keeps flowing while it waits precisely.
 *
 * @example
 * const clock = systemClock()
 * await clock.sleepUntil(clock.now() + 5)
 * const frugal = systemClock({ spinWindowMs: 0 }) // a busy machine: less CPU, ~1 ms coarser
 */
export function systemClock(options: SystemClockOptions = {}): Clock {
  const spinWindowMs = options.spinWindowMs ?? 2
  if (!(Number.isFinite(spinWindowMs) && spinWindowMs >= 0))
    throw new InvalidOptionError(
      `systemClock({ spinWindowMs: ${spinWindowMs} }): expected ms >= 0, e.g. 2 (precise) or 0 (no spinning).`,
    )
  return {
    now: () => performance.now(),
    sleepUntil: (atMs) =>
      new Promise<void>((resolve) => {
        const step = (): void => {
          const remaining = atMs - performance.now()
          if (remaining <= 0) resolve()
          else if (remaining > spinWindowMs) setTimeout(step, Math.max(1, remaining - spinWindowMs))
          else setImmediate(step)
        }
        step()
      }),
  }
}

/**
 * A clock that only moves when told to: `sleepUntil` jumps to the target, `advance` simulates
 * work that takes time (an engine stall). Used for exact coordinated-omission tests.
 *
 * @example
 * const clock = new VirtualClock()
 * clock.advance(100) // an engine that stalls 100 ms
 * clock.now()        // 100
 */
export class VirtualClock implements Clock {
  #now: number
  constructor(startMs = 0) {
    this.#now = startMs
  }
  now(): number {
    return this.#now
  }
  advance(ms: number): void {
    if (!(ms >= 0)) throw new InvalidOptionError(`VirtualClock.advance(${ms}): expected ms >= 0.`)
    this.#now += ms
  }
  sleepUntil(atMs: number): Promise<void> {
    if (atMs > this.#now) this.#now = atMs
    return Promise.resolve()
  }
}
