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

  constructor(engine: RiskEngine) {
    this.#engine = engine
  }

  get limits(): HardLimits | undefined {
    return this.#engine.limits
  }

  /** The engine when it can be paused, resumed and stopped. */
  get controllable(): EngineWith<'control'> | undefined {
    return hasCapability(this.#engine, 'control') ? this.#engine : undefined
  }

  decide(request: DecisionRequest): Decision | Promise<Decision> {
    return this.#engine.decide(request)
  }

  tick(tick: MarketTick): readonly EngineOrder[] | undefined {
    return hasCapability(this.#engine, 'ticks') ? this.#engine.onTick(tick) : undefined
  }

  fill(fill: Fill): void {
    if (hasCapability(this.#engine, 'fills')) this.#engine.onFill(fill)
  }

  orderClosed(orderId: string): void {
    if (hasCapability(this.#engine, 'fills')) this.#engine.onOrderClosed(orderId)
  }

  linkChanged(link: LinkChange): void {
    if (hasCapability(this.#engine, 'link')) this.#engine.onLinkChange(link)
  }

  actions(): EngineActions | undefined {
    return hasCapability(this.#engine, 'actions') ? this.#engine.takeActions() : undefined
  }

  async positions(): Promise<readonly Position[] | undefined> {
    return hasCapability(this.#engine, 'positions') ? await this.#engine.positions() : undefined
  }

  async flatten(): Promise<readonly EngineOrder[]> {
    return hasCapability(this.#engine, 'flatten') ? await this.#engine.flattenAll() : []
  }

  /** The engine's own account of its trading states; empty when it gives none. */
  stateLog(): readonly StateChange[] {
    return hasCapability(this.#engine, 'state') ? this.#engine.stateLog() : []
  }

  statistics(): EngineStatistics | undefined {
    return hasCapability(this.#engine, 'statistics') ? this.#engine.statistics() : undefined
  }
}

/**
 * Refuses an engine whose declared capabilities and methods disagree, naming each problem.
 *
 * @example
 * checkEngineCapabilities('flash_crash', { decide, onFill }) // throws: has onFill() but does not declare 'fills'
 */
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
