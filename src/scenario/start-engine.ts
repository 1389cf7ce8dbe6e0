import type { RiskEngine } from '../contract/risk-engine.js'
import { EngineModuleError, importEngineModule } from '../engines/engine-module.js'
import { referenceGovernor } from '../governor/reference-governor.js'
import { checkEngineCapabilities, EngineSession, requireCapability } from './engine-session.js'
import { ambientEngineModule } from './engine-under-test.js'
import type { ScenarioPlan } from './resolve-spec.js'
import type { EngineDescription } from './scenario-result.js'

/** The engine of one run, closed when the run ends if the run built it. */
export interface StartedEngine extends AsyncDisposable {
  readonly session: EngineSession
  readonly description: EngineDescription
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
      engine = await factory({
        limits: request.limits,
        clock: plan.clock,
        scenario: plan.name,
        ...(plan.services ? { services: plan.services.connections } : {}),
      })
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
    checkEngineCapabilities(plan.name, engine)
    if (plan.redisControl) requireCapability(plan.name, engine, 'control', 'redisControl: true')
  } catch (error) {
    if (built) await closeEngine(engine).catch(() => undefined)
    throw error
  }
  return {
    session: new EngineSession(engine),
    description: { ...description, capabilities: [...(engine.capabilities ?? [])] },
    async [Symbol.asyncDispose]() {
      if (built) await closeEngine(engine)
    },
  }
}
