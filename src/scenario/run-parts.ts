import type { RunningFaultTimeline } from '../faults/fault-timeline.js'
import { startFaultTimeline } from '../faults/fault-timeline.js'
import type { ReferenceGovernor } from '../governor/reference-governor.js'
import { type Clock, VirtualClock } from '../load/clock.js'
import type { MarketPath } from '../market/market-path.js'
import type { RedisState } from '../store/redis-state.js'
import { type DecisionPipeline, startDecisionPipeline } from './decision-pipeline.js'
import type { RiskEngine, StateChange } from './risk-engine.js'
import type { RunTelemetry } from './run-telemetry.js'
import type { ScenarioResult, ScenarioRunData } from './scenario-result.js'
import { type ScenarioSpec, ScenarioSpecError } from './scenario-spec.js'

/*
 * The pieces of runScenario that need none of its state: the verdict, draining, and starting
 * the optional parts of a run (pipeline, faults) with their checks.
 */

/** The run's state: inconclusive when the generator fell behind, failed when a criterion did. */
export function decide(run: ScenarioRunData, maxLagMs: number): ScenarioResult {
  const lagP99 = run.latency.scheduleLag.p99Ms
  if (lagP99 > maxLagMs) {
    return {
      ...run,
      state: 'inconclusive',
      reason: `the load generator fell behind: schedule lag p99 ${lagP99.toFixed(2)} ms > ${maxLagMs} ms, so latencies would be understated. Lower the rate, stop other load on this machine, or raise maxScheduleLagMs.`,
    }
  }
  const failures = run.criteria.filter((c) => !c.pass)
  return failures.length > 0 ? { ...run, state: 'failed', failures } : { ...run, state: 'passed' }
}

export async function drain(
  inFlight: ReadonlySet<PromiseLike<void>>,
  timeoutMs: number,
): Promise<number> {
  if (inFlight.size === 0) return 0
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
  })
  await Promise.race([Promise.allSettled([...inFlight]), timeout])
  clearTimeout(timer)
  return inFlight.size
}

/** The Redis decision queue of a `pipeline: true` run; refuses to run without Redis. */
export function startPipeline(
  spec: ScenarioSpec,
  state: RedisState | undefined,
  clock: Clock,
  telemetry: RunTelemetry,
): DecisionPipeline {
  if (!state) {
    throw new ScenarioSpecError(
      `Scenario "${spec.name}": pipeline: true needs Redis, and this run has none (or it was unusable). Run it with the stressgate Vitest plugin, pass services, or drop pipeline.`,
    )
  }
  return startDecisionPipeline(state, clock, (ms) => telemetry.pipeline(ms))
}

/** Intervals (ms from the run start) when the engine was PAUSED or HALTED. */
export function pausesFrom(
  states: readonly StateChange[],
  runStartMs: number,
): { ackMs: number; endMs?: number }[] {
  const out: { ackMs: number; endMs?: number }[] = []
  for (const change of states) {
    const t = change.atMs - runStartMs
    const open = out[out.length - 1]
    const paused = change.state === 'PAUSED' || change.state === 'HALTED'
    if (paused && (open === undefined || open.endMs !== undefined)) out.push({ ackMs: t })
    else if (!paused && open !== undefined && open.endMs === undefined) open.endMs = t
  }
  return out
}

/** received = sent + denied, from an engine that keeps decision statistics (the reference governor). */
export function throttleAccounting(engine: RiskEngine): {
  throttle?: { received: number; sent: number; denied: number }
} {
  const stats = (engine as Partial<ReferenceGovernor>).stats
  if (!stats) return {}
  const denied = Object.values(stats.denied).reduce((a, b) => a + b, 0)
  return { throttle: { received: stats.received, sent: stats.approved + stats.trimmed, denied } }
}

export const isControllable = (engine: RiskEngine): engine is ReferenceGovernor =>
  typeof (engine as Partial<ReferenceGovernor>).pauseByFlag === 'function' &&
  typeof (engine as Partial<ReferenceGovernor>).killSwitch === 'function'

/** The spec's fault timeline on the run's clock, ending with the load; none without faults. */
export function startFaults(spec: ScenarioSpec, clock: Clock): RunningFaultTimeline | undefined {
  const entries = spec.faults ?? []
  if (entries.length === 0) return undefined
  if (clock instanceof VirtualClock) {
    throw new ScenarioSpecError(
      `Scenario "${spec.name}": faults need the real clock (a fault timeline sleeping on a VirtualClock would move the load's time too). Remove clock, or test the faults alone with startFaultTimeline.`,
    )
  }
  return startFaultTimeline(entries, { clock, endMs: spec.load.durationMs })
}

export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}

export function missingTicks(path: MarketPath): never {
  throw new Error(`market model "${path.kind}" built a path with no ticks`)
}

/**
 * What a run started, to be stopped if it throws part-way: disposing runs the registered stops,
 * newest first, unless the run reached its end and stopped them itself (`settle()`). A stop that
 * fails is ignored: the run's own error is the one to report.
 *
 * @example
 * await using abandon = new AbandonOnThrow()
 * abandon.add(() => control?.stop())
 * // ... the run; on its normal path it stops everything, then:
 * abandon.settle()
 */
export class AbandonOnThrow implements AsyncDisposable {
  readonly #stops: (() => unknown)[] = []
  #settled = false

  add(stop: () => unknown): void {
    this.#stops.push(stop)
  }

  settle(): void {
    this.#settled = true
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#settled) return
    for (const stop of this.#stops.reverse()) {
      try {
        await stop()
      } catch {
        // the run's own error is already on its way
      }
    }
  }
}
