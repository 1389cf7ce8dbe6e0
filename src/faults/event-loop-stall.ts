import { performance } from 'node:perf_hooks'
import type { StandaloneFault } from './fault.js'
import { FaultSpecError } from './fault-error.js'

/** Options of {@link eventLoopStall}. */
export interface EventLoopStallOptions {
  /** How long the thread is blocked, in ms of real time. */
  readonly ms: number
  /** The real monotonic clock the busy loop watches. @default performance.now */
  readonly now?: () => number
  /** @default 'event_loop_stall' */
  readonly name?: string
}

/**
 * Blocks the thread with a synchronous busy loop for `ms` of real time: no timer, I/O callback or
 * promise runs meanwhile, as in a long GC pause or a CPU-bound handler. It ends by itself, so its
 * timeline entry takes no `duration`.
 *
 * @example
 * const entry = { at: 2_000, fault: eventLoopStall({ ms: 200 }) }
 */
export function eventLoopStall(options: EventLoopStallOptions): StandaloneFault {
  const { ms } = options
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw new FaultSpecError(
      `eventLoopStall: ms must be a number >= 0 (milliseconds the thread is blocked), got ${String(ms)}. Example: eventLoopStall({ ms: 200 }).`,
    )
  }
  const now = options.now ?? (() => performance.now())
  return {
    name: options.name ?? 'event_loop_stall',
    apply: () => {
      const until = now() + ms
      while (now() < until) {
        // busy: the point is to hold the thread
      }
    },
  }
}
