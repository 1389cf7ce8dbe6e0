import { performance } from 'node:perf_hooks'

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

/** Below this distance the real clock spins on `setImmediate`: timers are only ~1 ms precise. */
const SPIN_WINDOW_MS = 2

/**
 * The process' monotonic clock (`performance.now()`). Sleeps with a timer until close to the
 * target, then yields with `setImmediate` so I/O keeps flowing while it waits precisely.
 *
 * @example
 * const clock = systemClock()
 * await clock.sleepUntil(clock.now() + 5)
 */
export function systemClock(): Clock {
  return {
    now: () => performance.now(),
    sleepUntil: (atMs) =>
      new Promise<void>((resolve) => {
        const step = (): void => {
          const remaining = atMs - performance.now()
          if (remaining <= 0) resolve()
          else if (remaining > SPIN_WINDOW_MS) setTimeout(step, remaining - SPIN_WINDOW_MS)
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
    if (!(ms >= 0)) throw new RangeError(`VirtualClock.advance(${ms}): expected ms >= 0.`)
    this.#now += ms
  }
  sleepUntil(atMs: number): Promise<void> {
    if (atMs > this.#now) this.#now = atMs
    return Promise.resolve()
  }
}
