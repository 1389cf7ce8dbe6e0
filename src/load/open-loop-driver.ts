import type { Clock } from '../common/clock.js'
import { EngineBusy } from './engine-busy.js'
import type { ArrivalSchedule } from './schedule.js'

/** What the driver hands to the caller for each decision. */
export interface Dispatch {
  readonly index: number
  /** Absolute intended start on the driver's clock. */
  readonly intendedMs: number
  /** Absolute time the driver actually dispatched it. */
  readonly startedMs: number
  /**
   * The generator's own part of the dispatch delay (the lag reported for it): how late it was
   * dispatched, minus the time the engine held the thread meanwhile; 0 in a catch-up after an
   * engine stall (that backlog is the engine's).
   */
  readonly lagMs: number
}

/** Options of {@link driveOpenLoop}. */
export interface OpenLoopOptions {
  readonly schedule: ArrivalSchedule
  readonly clock: Clock
  /** Starts one decision; may finish synchronously or return a promise. */
  readonly fire: (dispatch: Dispatch) => void | PromiseLike<void>
  /** Called with the generator's own lag for each decision, in ms, and its intended offset. */
  readonly onLag: (lagMs: number, offsetMs: number) => void
  /** Longest stretch (ms) the driver runs without yielding to the event loop. @default 5 */
  readonly maxBusyMs?: number
  /**
   * Most decisions waiting for the engine at once. A decision due while this many are in flight
   * is dropped (not dispatched) and counted, like k6's dropped iterations: it bounds the
   * harness' memory when an engine stops answering. @default Infinity
   */
  readonly maxInFlight?: number
  /**
   * Where the caller records the stretches its engine held the thread (e.g. around each call
   * of the engine, leaving out the harness' own work). Absent: every synchronous `fire` call
   * counts as the engine's.
   */
  readonly engineBusy?: EngineBusy
}

/** What the driver observed. */
export interface OpenLoopOutcome {
  readonly startedAtMs: number
  readonly endedAtMs: number
  readonly dispatched: number
  /** Decisions not dispatched because `maxInFlight` were already waiting for the engine. */
  readonly dropped: number
  /** Promises of decisions still in flight when the last one was dispatched. */
  readonly inFlight: ReadonlySet<PromiseLike<void>>
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * Dispatches every decision of `schedule` at its intended time, never waiting for earlier ones
 * (open loop). The lag reported for a decision is how late it was dispatched minus the time
 * the engine held the thread meanwhile: the generator's own delay (late timers, GC, stalls, and
 * the backlog they leave), kept apart from the engine's. A backlog that the engine started (it
 * held the thread for most of the first late decision's delay) stays the engine's until the
 * driver catches up: the harness' work through it is charged to the engine, not the generator.
 *
 * @example
 * const outcome = await driveOpenLoop({ schedule, clock, fire, onLag: (ms) => rec.recordScheduleLag(ms) })
 */
export async function driveOpenLoop(options: OpenLoopOptions): Promise<OpenLoopOutcome> {
  const { schedule, clock, fire, onLag } = options
  const maxBusyMs = options.maxBusyMs ?? 5
  const maxInFlight = options.maxInFlight ?? Number.POSITIVE_INFINITY
  let dropped = 0
  const inFlight = new Set<PromiseLike<void>>()
  const startedAtMs = clock.now()
  const engineBusy = options.engineBusy ?? new EngineBusy()
  const fireIsEngine = options.engineBusy === undefined
  let lastYieldMs = startedAtMs
  // Set when the driver falls behind because the engine held the thread: until it catches up,
  // the harness' work through that backlog is the engine's latency, not the generator's lag.
  let behind = false
  let engineBacklog = false

  for (let index = 0; index < schedule.count; index++) {
    const intendedMs = startedAtMs + schedule.offsetMs(index)
    if (clock.now() < intendedMs) {
      await clock.sleepUntil(intendedMs)
      lastYieldMs = clock.now()
    } else if (clock.now() - lastYieldMs > maxBusyMs) {
      await yieldToEventLoop()
      lastYieldMs = clock.now()
    }
    const startedMs = clock.now()
    const lateMs = startedMs - intendedMs
    const ownMs = Math.max(0, lateMs - engineBusy.within(intendedMs, startedMs))
    if (lateMs <= 0) behind = false
    else if (!behind) {
      behind = true
      engineBacklog = lateMs - ownMs >= ownMs
    }
    const lagMs = behind && engineBacklog ? 0 : ownMs
    onLag(lagMs, intendedMs - startedAtMs)
    if (inFlight.size >= maxInFlight) {
      dropped++
      continue
    }
    const pending = fire({ index, intendedMs, startedMs, lagMs })
    if (pending !== undefined) {
      inFlight.add(pending)
      pending.then(
        () => inFlight.delete(pending),
        () => inFlight.delete(pending),
      )
    }
    if (fireIsEngine) engineBusy.add(startedMs, clock.now())
  }
  return {
    startedAtMs,
    endedAtMs: clock.now(),
    dispatched: schedule.count - dropped,
    dropped,
    inFlight,
  }
}
