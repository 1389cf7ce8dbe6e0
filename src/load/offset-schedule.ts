import { LoadSpecError } from './load-error.js'
import type { ArrivalSchedule } from './schedule.js'

/**
 * Arrivals at given offsets (sorted for you): replays a recorded arrival pattern, or builds
 * bursts where many decisions share one instant.
 *
 * @example
 * const load = offsetSchedule([0, 0, 0, 5, 5, 120], 1_000) // three at once, two at 5 ms, one at 120 ms
 */
export function offsetSchedule(offsets: readonly number[], durationMs: number): ArrivalSchedule {
  if (offsets.length === 0)
    throw new LoadSpecError('offsetSchedule: no offsets. Pass at least one arrival time in ms.')
  const sorted = Float64Array.from(offsets).sort()
  const bad = sorted.find((t) => !Number.isFinite(t) || t < 0 || t > durationMs)
  if (bad !== undefined) {
    throw new LoadSpecError(
      `offsetSchedule: offset ${bad} is outside 0..${durationMs} ms (durationMs). Keep every arrival inside the run.`,
    )
  }
  return {
    kind: 'offsets',
    count: sorted.length,
    durationMs,
    offsetMs: (i) => sorted[i] ?? durationMs,
    describe: () => `${sorted.length} arrivals over ${durationMs} ms`,
  }
}
