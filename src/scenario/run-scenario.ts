import { collectRunData } from './collect-run-data.js'
import { drive } from './drive.js'
import { judge } from './judge.js'
import { openRun } from './open-run.js'
import { resolveSpec } from './resolve-spec.js'
import { publishScenarioResult } from './result-channel.js'
import type { ScenarioResult } from './scenario-result.js'
import type { ScenarioSpec } from './scenario-spec.js'
import { startEngine } from './start-engine.js'
import { TradingSession } from './trading-session.js'
import { windDown } from './wind-down.js'

/**
 * Runs one scenario open loop: every decision starts at its scheduled time whatever the engine
 * is doing, its latency is measured from that intended time (coordinated-omission corrected),
 * approved orders execute against the seeded market (instantly, or on the simulated venue), and
 * the harness' own books check every fill against the hard limits.
 *
 * The stages: resolve the spec -> start the engine -> open the run's services and telemetry ->
 * set up trading (market, books, desk) -> drive the load -> wind down -> collect the run's data
 * -> judge -> record.
 *
 * @example
 * const result = await runScenario({
 *   name: 'flash_crash', seed: 42,
 *   engine: referenceGovernor({ maxPositionUsd: 250_000, maxDrawdownPct: 15 }),
 *   market: flashCrash({ dropPct: 15, overMs: 2_000, depthFloorPct: 1 }),
 *   load: constantRate({ perSecond: 1_000, durationMs: 10_000 }),
 *   faults: [],
 * })
 * if (result.state !== 'passed') console.log(result.state)
 */
export async function runScenario(spec: ScenarioSpec): Promise<ScenarioResult> {
  const result = await executeScenario(spec)
  publishScenarioResult(result)
  return result
}

/**
 * {@link runScenario} without publishing the result to the report: for runs that are part of a
 * larger one (the cases of an exploration). `replayable: false` ignores `STRESSGATE_SEED` and
 * `STRESSGATE_TIME`, which the larger run reads for itself; `measureEnvironment: false` skips
 * measuring the process (memory, GC, event loop) around the run.
 *
 * @example
 * const result = await executeScenario(spec, { replayable: false })
 */
export async function executeScenario(
  spec: ScenarioSpec,
  options: { readonly replayable?: boolean; readonly measureEnvironment?: boolean } = {},
): Promise<ScenarioResult> {
  const resolved = resolveSpec(spec, options.replayable === false ? {} : process.env)
  const plan = {
    ...resolved,
    measureEnvironment: options.measureEnvironment ?? resolved.measureEnvironment,
  }
  await using engine = await startEngine(plan)
  await using run = await openRun(plan)
  using trading = new TradingSession(plan, run, engine.session)
  const driven = await drive(plan, run, trading)
  const ended = await windDown(plan, run, trading, driven)
  const collected = await collectRunData(plan, run, trading, driven, ended)
  const reads = plan.simulation ? { wallClockReads: engine.wallClockReads() } : {}
  const data = { ...collected.data, engine: engine.description, ...reads }
  const { warnings } = collected
  // Awaited here: the services must still be open while the result is recorded.
  return await run.finish(judge(plan, data), trading.ledger.positions(), warnings)
}
