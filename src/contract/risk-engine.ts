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
} from './trading.js'

/*
 * The system under test and what the harness may ask of it. `decide` is the whole of the base
 * contract; everything else is a capability the engine declares in `capabilities`. The harness
 * calls a capability's methods only when it is declared, and refuses a scenario that needs one
 * the engine lacks, naming it. An adapter to an engine elsewhere (another thread, process or
 * language) declares what the engine announced when it connected.
 */

/** Market data; may return orders the engine wants sent now (e.g. a flatten after a halt). */
export interface ReceivesTicks {
  onTick(tick: MarketTick): readonly EngineOrder[] | undefined
}

/** Executions of approved and engine-initiated orders, and orders that will not fill. */
export interface ReceivesFills {
  onFill(fill: Fill): void
  /** An approved order that will not fill (not marketable, venue halted, rejected, cancelled). */
  onOrderClosed(orderId: string): void
}

/** The link to the venue went down (disconnect, or missed heartbeats) or came back. */
export interface ReceivesLinkChanges {
  onLinkChange(link: LinkChange): void
}

/** Cancels and orders the engine wants sent now, by itself (kill switch, flatten after an outage). */
export interface EngineActions {
  readonly cancel: readonly string[]
  readonly orders: readonly EngineOrder[]
}

/** Polled by the harness after market data and control changes. */
export interface TakesActions {
  takeActions(): EngineActions
}

/** Pause, resume and emergency stop, as an operator (or the harness' control flags) asks. */
export interface Controllable {
  /** Stop sending risk-increasing orders until resumed. */
  pause(reason: string): void | Promise<void>
  /** Lift a pause raised with {@link pause}; other reasons to stay paused still hold. */
  resume(reason: string): void | Promise<void>
  /** Halt, cancel every working order and flatten; latches. */
  emergencyStop(reason: string): void | Promise<void>
}

/** Net positions as the engine sees them. */
export interface ReportsPositions {
  positions(): readonly Position[] | Promise<readonly Position[]>
}

/** Orders that bring every position to zero; asked for at the end of a run. */
export interface Flattens {
  flattenAll(): readonly EngineOrder[] | Promise<readonly EngineOrder[]>
}

/** The engine's own decision counts: received = approved + trimmed + sum(denied). */
export interface EngineStatistics {
  readonly received: number
  readonly approved: number
  readonly trimmed: number
  /** Denials by reason, e.g. `{ position_limit: 12, submit_throttle: 3 }`. */
  readonly denied: Readonly<Record<string, number>>
}

/** Keeps decision statistics. */
export interface HasStatistics {
  statistics(): EngineStatistics
}

/** When the engine's trading state changed, on its own clock: its account of itself. */
export interface ReportsState {
  stateLog(): readonly StateChange[]
}

/** Each capability and the interface an engine implements to have it. */
export interface CapabilityInterfaces {
  readonly ticks: ReceivesTicks
  readonly fills: ReceivesFills
  readonly link: ReceivesLinkChanges
  readonly actions: TakesActions
  readonly control: Controllable
  readonly positions: ReportsPositions
  readonly flatten: Flattens
  readonly statistics: HasStatistics
  readonly state: ReportsState
}

export type Capability = keyof CapabilityInterfaces

/** The methods each capability needs, written once: validation and adapters derive from it. */
export const CAPABILITY_METHODS = {
  ticks: ['onTick'],
  fills: ['onFill', 'onOrderClosed'],
  link: ['onLinkChange'],
  actions: ['takeActions'],
  control: ['pause', 'resume', 'emergencyStop'],
  positions: ['positions'],
  flatten: ['flattenAll'],
  statistics: ['statistics'],
  state: ['stateLog'],
} as const satisfies { readonly [C in Capability]: readonly (keyof CapabilityInterfaces[C])[] }

/** Every capability, in a fixed order. */
export const CAPABILITIES = Object.keys(CAPABILITY_METHODS) as readonly Capability[]

type AllCapabilityMethods = ReceivesTicks &
  ReceivesFills &
  ReceivesLinkChanges &
  TakesActions &
  Controllable &
  ReportsPositions &
  Flattens &
  HasStatistics &
  ReportsState

/**
 * The system under test: anything that approves, trims or rejects trading decisions. The
 * methods beyond `decide` belong to the capabilities in `capabilities` and are called only when
 * their capability is declared there.
 *
 * @example
 * const engine: RiskEngine = {
 *   decide: (req) => (req.quantity > 100 ? { verdict: 'reject', reason: 'size' } : { verdict: 'approve' }),
 * }
 * const tracking: RiskEngine & ReceivesFills = {
 *   capabilities: ['fills'],
 *   decide: () => ({ verdict: 'approve' }),
 *   onFill: (fill) => book(fill),
 *   onOrderClosed: () => {},
 * }
 */
export interface RiskEngine extends Partial<AllCapabilityMethods> {
  decide(request: DecisionRequest): Decision | Promise<Decision>
  /** What the engine can do beyond `decide`. @default [] */
  readonly capabilities?: readonly Capability[]
  /** The limits the engine enforces; the harness counts a fill beyond them as a breach. */
  readonly limits?: HardLimits
  /**
   * Where the engine runs when it is not in this process, e.g. `http://127.0.0.1:8080/decide`:
   * its answers take real I/O, so simulated time refuses it. @default in process
   */
  readonly remote?: string
}

/** An engine with capability `C`. */
export type EngineWith<C extends Capability> = RiskEngine & CapabilityInterfaces[C]

/**
 * Whether the engine declares capability `capability` (and so has its methods).
 *
 * @example
 * if (hasCapability(engine, 'positions')) await engine.positions()
 */
export function hasCapability<C extends Capability>(
  engine: RiskEngine,
  capability: C,
): engine is EngineWith<C> {
  return engine.capabilities?.includes(capability) === true
}

/**
 * Whether the engine can be paused, resumed and emergency-stopped.
 *
 * @example
 * if (!isControllable(engine)) throw new Error('needs the control capability')
 */
export function isControllable(engine: RiskEngine): engine is EngineWith<'control'> {
  return hasCapability(engine, 'control')
}

/**
 * Where the declaration and the methods disagree: an unknown capability, a declared one whose
 * method is missing, or a capability method present but not declared (it would never be called).
 *
 * @example
 * capabilityProblems({ decide, onFill }) // ["has onFill() but does not declare 'fills' ..."]
 */
export function capabilityProblems(engine: RiskEngine): string[] {
  const declared = engine.capabilities ?? []
  const problems: string[] = []
  if (!Array.isArray(declared)) {
    return [
      `capabilities must be an array of ${CAPABILITIES.map((c) => `'${c}'`).join(', ')}, got ${typeof declared}`,
    ]
  }
  const methods = engine as unknown as Record<string, unknown>
  for (const capability of declared as readonly string[]) {
    if (!(capability in CAPABILITY_METHODS)) {
      problems.push(
        `unknown capability '${capability}': allowed are ${CAPABILITIES.map((c) => `'${c}'`).join(', ')}`,
      )
      continue
    }
    for (const method of CAPABILITY_METHODS[capability as Capability]) {
      if (typeof methods[method] !== 'function') {
        problems.push(`declares '${capability}' but has no ${method}() method`)
      }
    }
  }
  for (const capability of CAPABILITIES) {
    if (declared.includes(capability)) continue
    const present = CAPABILITY_METHODS[capability].filter((m) => typeof methods[m] === 'function')
    if (present.length > 0) {
      problems.push(
        `has ${present.map((m) => `${m}()`).join(' and ')} but does not declare '${capability}', so the harness would never call it: add '${capability}' to capabilities`,
      )
    }
  }
  return problems
}
