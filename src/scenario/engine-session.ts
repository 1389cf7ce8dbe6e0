import {
  CAPABILITY_METHODS,
  type Capability,
  capabilityProblems,
  type EngineActions,
  type EngineStatistics,
  type EngineWith,
  hasCapability,
  type RiskEngine,
} from '../contract/risk-engine.js'
import type {
  Decision,
  DecisionRequest,
  EngineOrder,
  Fill,
  HardLimits,
  LinkChange,
  MarketTick,
  Position,
  StateChange,
} from '../contract/trading.js'
import { ScenarioSpecError } from './scenario-spec.js'
import type { WallClockGuard } from './wall-clock-guard.js'

/**
 * The engine as the harness talks to it: every call beyond `decide` goes through the capability
 * the engine declared, and is simply not made when it did not declare it.
 *
 * @example
 * const engine = new EngineSession(referenceGovernor({ maxPositionUsd: 250_000, maxDrawdownPct: 15 }))
 * engine.tick(tick) // the engine's orders, or [] when it takes no market data
 */
export class EngineSession {
  readonly #engine: RiskEngine
  readonly #guard: WallClockGuard | undefined
  readonly #controllable: EngineWith<'control'> | undefined

  /** `guard`: simulated time, where every call to the engine is watched for real time. */
  constructor(engine: RiskEngine, guard?: WallClockGuard) {
    this.#engine = engine
    this.#guard = guard
    this.#controllable = hasCapability(engine, 'control') ? this.#guarded(engine) : undefined
  }

  get limits(): HardLimits | undefined {
    return this.#engine.limits
  }

  /** The engine's control calls (pause, resume, emergency stop), when it has them. */
  get controllable(): EngineWith<'control'> | undefined {
    return this.#controllable
  }

  decide(request: DecisionRequest): Decision | Promise<Decision> {
    return this.#call('decide', () => this.#engine.decide(request))
  }

  tick(tick: MarketTick): readonly EngineOrder[] | undefined {
    const engine = this.#engine
    return hasCapability(engine, 'ticks')
      ? this.#call('onTick', () => engine.onTick(tick))
      : undefined
  }

  fill(fill: Fill): void {
    const engine = this.#engine
    if (hasCapability(engine, 'fills')) this.#call('onFill', () => engine.onFill(fill))
  }

  orderClosed(orderId: string): void {
    const engine = this.#engine
    if (hasCapability(engine, 'fills'))
      this.#call('onOrderClosed', () => engine.onOrderClosed(orderId))
  }

  linkChanged(link: LinkChange): void {
    const engine = this.#engine
    if (hasCapability(engine, 'link')) this.#call('onLinkChange', () => engine.onLinkChange(link))
  }

  actions(): EngineActions | undefined {
    const engine = this.#engine
    return hasCapability(engine, 'actions')
      ? this.#call('takeActions', () => engine.takeActions())
      : undefined
  }

  async positions(): Promise<readonly Position[] | undefined> {
    const engine = this.#engine
    return hasCapability(engine, 'positions')
      ? await this.#call('positions', () => engine.positions())
      : undefined
  }

  async flatten(): Promise<readonly EngineOrder[]> {
    const engine = this.#engine
    return hasCapability(engine, 'flatten')
      ? await this.#call('flattenAll', () => engine.flattenAll())
      : []
  }

  stateLog(): readonly StateChange[] {
    const engine = this.#engine
    return hasCapability(engine, 'state') ? this.#call('stateLog', () => engine.stateLog()) : []
  }

  statistics(): EngineStatistics | undefined {
    const engine = this.#engine
    return hasCapability(engine, 'statistics')
      ? this.#call('statistics', () => engine.statistics())
      : undefined
  }

  #call<T>(method: string, fn: () => T): T {
    return this.#guard ? this.#guard.call(method, fn) : fn()
  }

  /** The control calls (and the state log the control loop reads), each watched like the others. */
  #guarded(engine: EngineWith<'control'>): EngineWith<'control'> {
    if (!this.#guard) return engine
    const call = <T>(method: string, fn: () => T): T => this.#call(method, fn)
    return {
      capabilities: engine.capabilities,
      decide: (request) => this.decide(request),
      pause: (reason) => call('pause', () => engine.pause(reason)),
      resume: (reason) => call('resume', () => engine.resume(reason)),
      emergencyStop: (reason) => call('emergencyStop', () => engine.emergencyStop(reason)),
      ...(hasCapability(engine, 'state') ? { stateLog: () => this.stateLog() } : {}),
    } as EngineWith<'control'>
  }
}

export function checkEngineCapabilities(scenario: string, engine: RiskEngine): void {
  const problems = capabilityProblems(engine)
  if (problems.length === 0) return
  throw new ScenarioSpecError(
    `Scenario "${scenario}": the engine ${problems.length === 1 ? 'has a problem' : 'has problems'} with its capabilities:\n${problems.map((p) => `  - ${p}`).join('\n')}\nThe declared capabilities (engine.capabilities) and the methods must agree; see RiskEngine in the docs.`,
  )
}

/**
 * The engine, when it has `capability`; otherwise a clear error naming what needs it, the
 * missing capability, its methods and the fix.
 *
 * @example
 * requireCapability('hard_kill', engine, 'control', 'redisControl: true')
 * // Scenario "hard_kill": redisControl: true needs an engine with the 'control' capability (pause(), resume(), emergencyStop()); ...
 */
export function requireCapability<C extends Capability>(
  scenario: string,
  engine: RiskEngine,
  capability: C,
  neededBy: string,
): EngineWith<C> {
  if (hasCapability(engine, capability)) return engine
  const methods = CAPABILITY_METHODS[capability].map((m) => `${m}()`).join(', ')
  const declared = engine.capabilities?.length
    ? engine.capabilities.map((c) => `'${c}'`).join(', ')
    : 'none'
  throw new ScenarioSpecError(
    `Scenario "${scenario}": ${neededBy} needs an engine with the '${capability}' capability (${methods}); this engine declares ${declared}. Fix: implement ${methods} and add '${capability}' to the engine's capabilities, or drop ${neededBy}.`,
  )
}
