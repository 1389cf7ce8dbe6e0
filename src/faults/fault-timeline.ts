import type { Clock } from '../common/clock.js'
import type { Fault, FaultContext, FaultEffect } from './fault.js'
import { FaultSpecError, FaultTimelineError } from './fault-error.js'

/** One fault of a timeline, as plain data. */
export interface FaultTimelineEntry {
  /** When the fault starts, in ms from the start of the timeline. */
  readonly at: number
  /**
   * How long it lasts, in ms. Omitted: until the timeline ends (`endMs`, by default the latest
   * time scheduled, or `stop()`). Faults that end by themselves (an event-loop stall) take none.
   */
  readonly duration?: number
  readonly fault: Fault
  /** The phase name in reports. @default fault.name */
  readonly name?: string
}

/** When a fault was active, in ms from the start of the timeline, as measured on its clock. */
export interface FaultPhase {
  readonly name: string
  /** When the fault started being applied. */
  readonly start: number
  /** When it had been reverted (or, for a fault that ends by itself, had returned). */
  readonly end: number
  /** What the engine must do about it, when the fault declares it (a control flag). */
  readonly effect?: FaultEffect
}

/** Options of {@link startFaultTimeline}. */
export interface FaultTimelineOptions {
  /** The clock the timeline runs on: `systemClock()` in scenarios, a `VirtualClock` in tests. */
  readonly clock: Clock
  /**
   * When the timeline ends, in ms from its start: faults without a `duration` are reverted then.
   * @default the last `at` / `at + duration` of the entries
   */
  readonly endMs?: number
  /**
   * The run the faults act on (its broker, its Redis), handed to every apply and revert.
   * @default a context of the clock alone, for faults that need nothing of a run
   */
  readonly context?: Omit<FaultContext, 'clock'>
}

/** A timeline on its way; `await using` stops it (reverting what is active) when it goes. */
export interface RunningFaultTimeline extends AsyncDisposable {
  /**
   * Every phase once the timeline has run to its end with all faults reverted. Rejects with a
   * {@link FaultTimelineError} when a fault failed to apply or revert (the active ones are
   * reverted first).
   */
  readonly done: Promise<readonly FaultPhase[]>
  /** Names of the faults active now. */
  active(): readonly string[]
  /**
   * Reverts the active faults now and skips the rest; resolves with the phases so far (the same
   * value as `done`, which settles then too).
   */
  stop(): Promise<readonly FaultPhase[]>
}

/** A stop() wakes the runner within this much time even if the clock sleeps longer. */
const STEP_MS = 100

interface Event {
  readonly atMs: number
  readonly kind: 'apply' | 'revert'
  readonly index: number
}

function checkEntries(entries: readonly FaultTimelineEntry[], endMs: number | undefined): Event[] {
  const events: Event[] = []
  entries.forEach((entry, index) => {
    const where = `Fault timeline entry ${index} (${entry?.name ?? entry?.fault?.name ?? '?'})`
    if (typeof entry?.fault?.apply !== 'function' || typeof entry.fault.name !== 'string') {
      throw new FaultSpecError(
        `${where}: fault must be a Fault ({ name, apply, revert? }) such as toxicFault(proxy, toxic), proxyDown(proxy), eventLoopStall({ ms }), clockSkew(clock, { offsetMs }) or memoryPressure({ bytes }).`,
      )
    }
    if (typeof entry.at !== 'number' || !Number.isFinite(entry.at) || entry.at < 0) {
      throw new FaultSpecError(
        `${where}: at must be a number of ms >= 0 from the start of the timeline, got ${String(entry.at)}.`,
      )
    }
    const { duration } = entry
    const ends = typeof entry.fault.revert === 'function'
    if (duration !== undefined && !ends) {
      throw new FaultSpecError(
        `${where}: this fault ends by itself and takes no duration, got duration: ${String(duration)}. Fix: remove duration (an event-loop stall lasts its ms).`,
      )
    }
    if (duration !== undefined && !(typeof duration === 'number' && duration >= 0)) {
      throw new FaultSpecError(
        `${where}: duration must be a number of ms >= 0, got ${String(duration)}. Omit it to keep the fault until the timeline ends.`,
      )
    }
    events.push({ atMs: entry.at, kind: 'apply', index })
    if (ends) {
      const revertAt = duration === undefined ? Number.POSITIVE_INFINITY : entry.at + duration
      events.push({ atMs: revertAt, kind: 'revert', index })
    }
  })
  const last = Math.max(0, ...events.map((e) => e.atMs).filter(Number.isFinite))
  if (endMs !== undefined && !(typeof endMs === 'number' && endMs >= last)) {
    throw new FaultSpecError(
      `Fault timeline: endMs must be >= the last scheduled time (${last} ms), got ${String(endMs)}.`,
    )
  }
  const end = endMs ?? last
  const timed = events.map((e) => (Number.isFinite(e.atMs) ? e : { ...e, atMs: end }))
  // At equal times, reverts come before applies so back-to-back faults do not overlap, except
  // an entry's own (zero-duration) pair: it is applied, then reverted.
  const rank = (a: Event, b: Event): number => {
    if (a.kind === b.kind) return a.index - b.index
    if (a.index === b.index) return a.kind === 'apply' ? -1 : 1
    return a.kind === 'revert' ? -1 : 1
  }
  return timed.sort((a, b) => a.atMs - b.atMs || rank(a, b))
}

/**
 * Runs faults on a {@link Clock}: each entry's fault is applied at `at` and reverted at
 * `at + duration`, so the same timeline runs in virtual time in tests and in real time in
 * scenarios. Returns at once; `done` gives the phases reports shade.
 *
 * @example
 * await using timeline = startFaultTimeline(
 *   [
 *     { at: 1_000, duration: 2_000, fault: toxicFault(proxy, { type: 'latency', attributes: { latency: 50 } }) },
 *     { at: 5_000, duration: 1_000, fault: proxyDown(proxy) },
 *   ],
 *   { clock: systemClock() },
 * )
 * const phases = await timeline.done
 */
export function startFaultTimeline(
  entries: readonly FaultTimelineEntry[],
  options: FaultTimelineOptions,
): RunningFaultTimeline {
  const events = checkEntries(entries, options.endMs)
  const { clock } = options
  const context: FaultContext = {
    scenario: 'timeline',
    runId: 'timeline',
    ...options.context,
    clock,
  }
  const origin = clock.now()
  const since = (): number => clock.now() - origin
  const starts = new Map<number, number>()
  const phases: FaultPhase[] = []
  const sortedPhases = (): FaultPhase[] => [...phases].sort((a, b) => a.start - b.start)
  let stopped = false
  let failedStopping = false
  let wake: (() => void) | undefined
  const nameOf = (index: number): string => {
    const entry = entries[index]
    return entry?.name ?? entry?.fault.name ?? `entry ${index}`
  }

  const sleepUntil = async (atMs: number): Promise<void> => {
    const target = origin + atMs
    while (!stopped && clock.now() < target) {
      const step = Math.min(target, clock.now() + STEP_MS)
      await Promise.race([
        clock.sleepUntil(step),
        new Promise<void>((resolve) => {
          wake = resolve
        }),
      ])
    }
  }

  const phase = (index: number, start: number, end: number): FaultPhase => {
    const effect = entries[index]?.fault.effect
    return { name: nameOf(index), start, end, ...(effect ? { effect } : {}) }
  }

  const revert = async (index: number): Promise<void> => {
    const start = starts.get(index)
    if (start === undefined) return
    starts.delete(index)
    await entries[index]?.fault.revert?.(context)
    phases.push(phase(index, start, since()))
  }

  const revertActive = async (): Promise<unknown[]> => {
    const failures: unknown[] = []
    for (const index of [...starts.keys()].reverse()) {
      try {
        await revert(index)
      } catch (error) {
        failures.push(error)
      }
    }
    return failures
  }

  const run = async (): Promise<readonly FaultPhase[]> => {
    for (const event of events) {
      await sleepUntil(event.atMs)
      if (stopped) break
      const entry = entries[event.index]
      if (entry === undefined) continue
      try {
        if (event.kind === 'revert') {
          await revert(event.index)
          continue
        }
        const start = since()
        starts.set(event.index, start)
        await entry.fault.apply(context)
        if (typeof entry.fault.revert !== 'function') {
          starts.delete(event.index)
          phases.push(phase(event.index, start, since()))
        }
      } catch (error) {
        const failures = await revertActive()
        const also = failures.length > 0 ? ` (${failures.length} of them failed to revert too)` : ''
        throw new FaultTimelineError(
          `Fault '${nameOf(event.index)}' failed to ${event.kind} at ${since()} ms (scheduled at ${event.atMs} ms): ${(error as Error)?.message ?? String(error)}. The active faults were reverted${also}.`,
          { cause: error },
        )
      }
    }
    if (stopped) {
      const failures = await revertActive()
      if (failures.length > 0) {
        failedStopping = true
        throw new FaultTimelineError(
          `${failures.length} fault(s) failed to revert when the timeline was stopped: ${failures.map((f) => (f as Error)?.message ?? String(f)).join('; ')}.`,
          { cause: failures[0] },
        )
      }
    }
    return sortedPhases()
  }

  const done = run()
  // `done` is for the caller to await; an unobserved failure must not crash the process.
  done.catch(() => {})

  const stop = (): Promise<readonly FaultPhase[]> => {
    stopped = true
    wake?.()
    return done
  }

  return {
    done,
    active: () => [...starts.keys()].map(nameOf),
    stop,
    [Symbol.asyncDispose]: async () => {
      try {
        await stop()
      } catch (error) {
        // A failure before the stop was already reported through `done`.
        if (failedStopping) throw error
      }
    },
  }
}

/**
 * Runs a fault timeline to its end and returns its phases ({@link startFaultTimeline}, awaited).
 *
 * @example
 * const phases = await runFaultTimeline([{ at: 0, duration: 500, fault: proxyDown(proxy) }], { clock })
 */
export function runFaultTimeline(
  entries: readonly FaultTimelineEntry[],
  options: FaultTimelineOptions,
): Promise<readonly FaultPhase[]> {
  return startFaultTimeline(entries, options).done
}
