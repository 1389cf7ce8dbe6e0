import { LoadSpecError } from './load-error.js'
import type { ArrivalSchedule } from './schedule.js'

/** Options of {@link constantRate}. */
export interface ConstantRateOptions {
  /** Decisions per second, evenly spaced. Must be > 0. */
  perSecond: number
  /** Length of the run in milliseconds. Must be > 0. */
  durationMs: number
}

/** A constant-rate schedule (k6's `constant-arrival-rate`, wrk2's `-R`). */
export interface ConstantRateSchedule extends ArrivalSchedule {
  readonly kind: 'constant'
  readonly perSecond: number
  readonly intervalMs: number
}

const positive = (name: string, value: number, example: string): void => {
  if (!Number.isFinite(value) || value <= 0) {
    throw new LoadSpecError(
      `constantRate: ${name} must be a finite number > 0, got ${String(value)}. Example: constantRate({ ${example} }).`,
    )
  }
}

/**
 * Evenly spaced decisions at `perSecond` for `durationMs`: decision `i` is intended at
 * `i * 1000 / perSecond` ms.
 *
 * @example
 * const load = constantRate({ perSecond: 1_000, durationMs: 10_000 }) // 10,000 decisions
 */
export function constantRate(options: ConstantRateOptions): ConstantRateSchedule {
  positive('perSecond', options.perSecond, 'perSecond: 1_000, durationMs: 10_000')
  positive('durationMs', options.durationMs, 'perSecond: 1_000, durationMs: 10_000')
  const intervalMs = 1000 / options.perSecond
  const count = Math.floor((options.durationMs * options.perSecond) / 1000)
  if (count < 1) {
    throw new LoadSpecError(
      `constantRate: ${options.perSecond}/s for ${options.durationMs} ms schedules no decision. Raise perSecond or durationMs so that perSecond * durationMs / 1000 >= 1.`,
    )
  }
  return {
    kind: 'constant',
    perSecond: options.perSecond,
    durationMs: options.durationMs,
    intervalMs,
    count,
    offsetMs: (index) => index * intervalMs,
    describe: () => `constant ${options.perSecond}/s for ${options.durationMs} ms`,
  }
}
