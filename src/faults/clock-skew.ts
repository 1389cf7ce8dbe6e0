import type { Clock } from '../common/clock.js'
import type { StandaloneFault } from './fault.js'
import { FaultSpecError } from './fault-error.js'

/**
 * A {@link Clock} that reads `base` plus an offset a {@link clockSkew} fault sets while active.
 * Give it to the component whose clock should be wrong; the rest of the run keeps `base`.
 *
 * @example
 * const engineClock = new SkewedClock(systemClock())
 * engineClock.now() // base.now() + engineClock.offsetMs
 */
export class SkewedClock implements Clock {
  readonly #base: Clock
  #offsetMs = 0

  constructor(base: Clock) {
    this.#base = base
  }

  /** Current skew, in ms (the sum of the active skews). */
  get offsetMs(): number {
    return this.#offsetMs
  }

  /** Adds `ms` to the skew (negative: the clock falls behind). */
  shift(ms: number): void {
    this.#offsetMs += ms
  }

  now(): number {
    return this.#base.now() + this.#offsetMs
  }

  /** Sleeps on the base clock; wakes again if a skew change meanwhile left it short. */
  async sleepUntil(atMs: number): Promise<void> {
    while (this.now() < atMs) await this.#base.sleepUntil(atMs - this.#offsetMs)
  }
}

/**
 * Skews `clock` by `offsetMs` while active (positive: it runs ahead). Skews add up, so
 * overlapping entries compose.
 *
 * @example
 * const entry = { at: 1_000, duration: 3_000, fault: clockSkew(engineClock, { offsetMs: 250 }) }
 */
export function clockSkew(
  clock: SkewedClock,
  options: { readonly offsetMs: number; readonly name?: string },
): StandaloneFault {
  const { offsetMs } = options
  if (typeof offsetMs !== 'number' || !Number.isFinite(offsetMs)) {
    throw new FaultSpecError(
      `clockSkew: offsetMs must be a finite number of ms (negative: behind), got ${String(offsetMs)}. Example: clockSkew(clock, { offsetMs: 250 }).`,
    )
  }
  return {
    name: options.name ?? 'clock_skew',
    apply: () => clock.shift(offsetMs),
    revert: () => clock.shift(-offsetMs),
  }
}
