/**
 * An open-loop arrival schedule: decision `i` is intended to start `offsetMs(i)` after the run
 * starts, whatever happened to the decisions before it.
 */
export interface ArrivalSchedule {
  readonly kind: string
  /** Total decisions the schedule produces. */
  readonly count: number
  /** Planned length of the run in milliseconds. */
  readonly durationMs: number
  /** Intended start of decision `i`, in ms from the start of the run (non-decreasing in `i`). */
  offsetMs(index: number): number
  /** One line for reports, e.g. `constant 1000/s for 10000 ms`. */
  describe(): string
  phases?(): { name: string; startMs: number; endMs: number }[]
}
