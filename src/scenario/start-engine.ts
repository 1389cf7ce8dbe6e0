import type { RiskEngine } from '../contract/risk-engine.js'
import { EngineModuleError, importEngineModule } from '../engines/engine-module.js'
import { referenceGovernor } from '../governor/reference-governor.js'
import { checkEngineCapabilities, EngineSession, requireCapability } from './engine-session.js'
import { ambientEngineModule } from './engine-under-test.js'
import type { ScenarioPlan } from './resolve-spec.js'
import type { EngineDescription } from './scenario-result.js'
import { ScenarioSpecError } from './scenario-spec.js'
import { WallClockGuard, type WallClockRead } from './wall-clock-guard.js'

/** The engine of one run, closed when the run ends if the run built it. */
export interface StartedEngine extends AsyncDisposable {
  readonly session: EngineSession
  readonly description: EngineDescription
  /** Simulated time: how the engine reached for real time so far (empty: it never did). */
  wallClockReads(): readonly WallClockRead[]
}

async function closeEngine(engine: RiskEngine): Promise<void> {
  const closable = engine as Partial<AsyncDisposable & { close(): unknown }>
  const dispose = closable[Symbol.asyncDispose]
  if (typeof dispose === 'function') await dispose.call(engine)
  else if (typeof closable.close === 'function') await closable.close()
}

/**
 * Builds (or takes) the engine of a run and checks it can do what the scenario asks: the
 * spec's engine as given, or the engine under test, from the run's engine module (called with
 * the scenario's limits, the run's clock and services) or the reference governor.
 *
 * @example
 * await using engine = await startEngine(plan)
 * engine.description.name // 'reference governor'
 */
export async function startEngine(plan: ScenarioPlan): Promise<StartedEngine> {
  const guard = plan.simulation ? new WallClockGuard() : undefined
  guard?.install()
  try {
    return await build(plan, guard)
  } catch (error) {
    guard?.uninstall()
    throw error
  }
}

async function build(
  plan: ScenarioPlan,
  guard: WallClockGuard | undefined,
): Promise<StartedEngine> {
  const request = plan.engineRequest
  let engine: RiskEngine
  let description: Omit<EngineDescription, 'capabilities'>
  let built = false
  if (request === undefined) {
    engine = plan.engineGiven as RiskEngine
    description = { name: 'given in the spec', source: 'spec' }
  } else {
    const module = request.module ?? ambientEngineModule()
    if (module === undefined) {
      engine = referenceGovernor({ ...request.limits, clock: plan.clock })
      description = { name: 'reference governor', source: 'reference' }
    } else {
      const factory = await importEngineModule(module)
      const options = {
        limits: request.limits,
        clock: plan.clock,
        scenario: plan.name,
        ...(plan.services ? { services: plan.services.connections } : {}),
      }
      engine = await (guard ? guard.call('the factory', () => factory(options)) : factory(options))
      if (typeof (engine as { decide?: unknown } | null)?.decide !== 'function') {
        throw new EngineModuleError(
          `engine module ${module}: its factory must return a RiskEngine (an object with decide(request)), got ${engine === null ? 'null' : typeof engine}.`,
        )
      }
      description = { name: module, source: 'module' }
    }
    built = true
  }
  try {
    if (plan.simulation && engine.remote !== undefined) {
      throw new ScenarioSpecError(
        `Scenario "${plan.name}" runs in simulated time, and its engine is reached over ${engine.remote}: its answers take real I/O, which would land at whatever simulated time the wall clock let them. Simulated time needs an engine in this process (an engine module that decides in process, or the reference governor). Run this scenario with time: 'real' (or stressgate certify --time real).`,
      )
    }
    checkEngineCapabilities(plan.name, engine)
    if (plan.redisControl) requireCapability(plan.name, engine, 'control', 'redisControl: true')
  } catch (error) {
    if (built) await closeEngine(engine).catch(() => undefined)
    throw error
  }
  return {
    session: new EngineSession(engine, guard),
    description: { ...description, capabilities: [...(engine.capabilities ?? [])] },
    wallClockReads: () => guard?.reads() ?? [],
    async [Symbol.asyncDispose]() {
      try {
        if (built) await closeEngine(engine)
      } finally {
        guard?.uninstall()
      }
    },
  }
}
