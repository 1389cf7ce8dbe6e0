import { type Clock, systemClock } from '../common/clock.js'
import {
  CAPABILITIES,
  type Capability,
  type Controllable,
  type EngineStatistics,
  type Flattens,
  type HasStatistics,
  type ReceivesFills,
  type ReceivesLinkChanges,
  type ReceivesTicks,
  type ReportsPositions,
  type ReportsState,
  type TakesActions,
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
import type { Control, GovernorView } from './controls/control.js'
import { duplicateIdControl } from './controls/duplicate-id.js'
import { grossLimitControl } from './controls/gross-limit.js'
import { orderSizeControl } from './controls/order-size.js'
import { positionLimitControl } from './controls/position-limit.js'
import { priceCollarControl } from './controls/price-collar.js'
import { restrictedListControl } from './controls/restricted-list.js'
import { throttleControl } from './controls/throttle.js'
import { tradingStateControl } from './controls/trading-state-control.js'
import { GovernorSpecError } from './governor-error.js'
import { OpenOrders } from './open-orders.js'
import type { TradingState } from './trading-state.js'

/** Options of {@link referenceGovernor}. Only the first two are required. */
export interface ReferenceGovernorOptions {
  /** Largest absolute position per symbol, in USD, counting working orders. */
  maxPositionUsd: number
  /** Drawdown of equity from its peak, in percent, that the governor must never reach. */
  maxDrawdownPct: number
  /** Drawdown at which the governor halts and flattens. @default maxDrawdownPct / 2 */
  haltAtDrawdownPct?: number
  /** Loss from the starting capital, in USD, at which it halts and flattens. */
  maxDailyLossUsd?: number
  /** Account equity at the start, in USD. @default 1_000_000 */
  capitalUsd?: number
  /** Gross exposure across symbols, in USD. */
  maxGrossUsd?: number
  /** Largest single order, in shares. */
  maxOrderQuantity?: number
  /** Largest single order, in USD at its limit price. */
  maxOrderNotionalUsd?: number
  /** Furthest a limit price may be from the last mid, in basis points. */
  priceCollarBps?: number
  /** Order submissions allowed per sliding window; the excess is denied, not queued. */
  throttle?: { max: number; windowMs: number }
  /** Symbols never traded. */
  restricted?: readonly string[]
  /** Clock of the throttle windows and of the state log. @default the process' monotonic clock */
  clock?: Clock
  /** Told of every trading-state change (e.g. to raise the `governor.pause` flag in Redis). */
  onStateChange?: (change: StateChange) => void
}

/** Counts of what the governor decided: received = approved + trimmed + denied (per control). */
export type GovernorStats = EngineStatistics

/** The reference governor, with its controls and live state exposed. */
export interface ReferenceGovernor
  extends ReceivesTicks,
    ReceivesFills,
    ReceivesLinkChanges,
    TakesActions,
    Controllable,
    ReportsPositions,
    Flattens,
    HasStatistics,
    ReportsState {
  readonly capabilities: readonly Capability[]
  /** Synchronous: the reference governor never waits on I/O to decide. */
  decide(request: DecisionRequest): Decision
  readonly limits: HardLimits
  readonly state: TradingState
  /** True once a loss limit or the kill switch fired; latches until {@link rearm}. */
  readonly halted: boolean
  readonly haltReason: string | undefined
  readonly drawdownPct: number
  readonly stats: GovernorStats
  /** Working orders (approved, not yet filled or closed). */
  openOrderIds(): string[]
  /** ACTIVE, REDUCING or PAUSED (e.g. from the `governor.pause` flag). HALTED only latches. */
  setState(state: Exclude<TradingState, 'HALTED'>): void
  /** Latches HALTED and returns the reduce-only orders that flatten every position. */
  halt(reason: string): EngineOrder[]
  /** Leaves HALTED for ACTIVE after a human decision. */
  rearm(): void
  /**
   * Emergency stop: halt, cancel every working order, then flatten with reduce-only orders
   * (also queued for {@link takeActions}).
   */
  killSwitch(reason: string): { cancel: string[]; flatten: EngineOrder[] }
  /** Cancel-on-disconnect: pauses and returns the working orders to cancel. */
  onDisconnect(): string[]
  /** An approved order will not fill (cancelled, expired, not marketable). */
  onOrderClosed(orderId: string): void
  /** Raise or clear an external pause (the `governor.pause` flag); resumes only when nothing else holds it. */
  pauseByFlag(on: boolean, reason?: string): void
  /** The `governor.pause` flag raised: {@link pauseByFlag}(true). */
  pause(reason: string): void
  /** The `governor.pause` flag cleared: {@link pauseByFlag}(false). */
  resume(reason: string): void
  /** The `governor.emergency_stop` flag: the {@link killSwitch}, once (a halted governor is already stopped). */
  emergencyStop(reason: string): void
  onLinkChange(link: LinkChange): void
  takeActions(): { cancel: string[]; orders: EngineOrder[] }
  statistics(): GovernorStats
  stateLog(): StateChange[]
  /** Synchronous: the reduce-only orders that flatten every position. */
  flattenAll(): EngineOrder[]
  /** Synchronous: its positions. */
  positions(): Position[]
}

const positive = (name: string, value: number | undefined, required: boolean): void => {
  if (value === undefined && !required) return
  if (value === undefined || !Number.isFinite(value) || value <= 0) {
    throw new GovernorSpecError(
      `referenceGovernor: ${name} must be a number > 0, got ${String(value)}. Example: referenceGovernor({ maxPositionUsd: 250_000, maxDrawdownPct: 15 }).`,
    )
  }
}

/**
 * The reference risk governor: pre-trade controls (trading state, restricted list, duplicate
 * ids, order size, price collar, per-symbol position and gross limits counting working orders,
 * submission throttle), loss limits (drawdown and daily loss) that halt, latch and flatten, and
 * a kill switch. Users swap in their own `RiskEngine`.
 *
 * @example
 * const engine = referenceGovernor({ maxPositionUsd: 250_000, maxDrawdownPct: 15, priceCollarBps: 100 })
 */
export function referenceGovernor(options: ReferenceGovernorOptions): ReferenceGovernor {
  positive('maxPositionUsd', options.maxPositionUsd, true)
  positive('maxDrawdownPct', options.maxDrawdownPct, true)
  for (const key of [
    'maxDailyLossUsd',
    'maxGrossUsd',
    'maxOrderQuantity',
    'maxOrderNotionalUsd',
    'priceCollarBps',
    'capitalUsd',
  ] as const) {
    positive(key, options[key], false)
  }
  const clock = options.clock ?? systemClock()
  const haltAt = options.haltAtDrawdownPct ?? options.maxDrawdownPct / 2
  const capital = options.capitalUsd ?? 1_000_000
  const positions = new Map<string, number>()
  const lastPrice = new Map<string, number>()
  const open = new OpenOrders()
  const stats = { received: 0, approved: 0, trimmed: 0, denied: {} as Record<string, number> }
  let cash = capital
  let peakEquity = capital
  let drawdownPct = 0
  let state: TradingState = 'ACTIVE'
  const stateLog: StateChange[] = []
  const transition = (next: TradingState, reason: string): void => {
    if (next === state) return
    state = next
    const change = { state: next, atMs: clock.now(), reason }
    stateLog.push(change)
    options.onStateChange?.(change)
  }
  // Why the governor is paused: a pause flag from outside, a lost broker link, or both.
  let pausedByFlag = false
  let pausedByLink = false
  let flattenPending = false
  const actions: { cancel: string[]; orders: EngineOrder[] } = { cancel: [], orders: [] }
  const resumeIfClear = (reason: string): void => {
    if (state === 'PAUSED' && !pausedByFlag && !pausedByLink) transition('ACTIVE', reason)
  }
  let haltReason: string | undefined

  const position = (symbol: string): number => positions.get(symbol) ?? 0
  const view: GovernorView = {
    get state() {
      return state
    },
    get nowMs() {
      return clock.now()
    },
    position,
    openQuantity: (symbol, side) => open.quantity(symbol, side),
    lastPrice: (symbol) => lastPrice.get(symbol),
    symbols: () => new Set([...positions.keys(), ...open.symbols()]),
  }
  const controls: Control[] = [
    tradingStateControl(),
    ...(options.restricted ? [restrictedListControl(options.restricted)] : []),
    duplicateIdControl(),
    orderSizeControl({
      maxQuantity: options.maxOrderQuantity,
      maxNotionalUsd: options.maxOrderNotionalUsd,
    }),
    ...(options.priceCollarBps !== undefined ? [priceCollarControl(options.priceCollarBps)] : []),
    positionLimitControl(options.maxPositionUsd),
    ...(options.maxGrossUsd !== undefined ? [grossLimitControl(options.maxGrossUsd)] : []),
    // Last, so only orders every other control accepted use up the window.
    ...(options.throttle ? [throttleControl(options.throttle)] : []),
  ]
  const equity = (): number => {
    let value = cash
    for (const [symbol, qty] of positions) value += qty * (lastPrice.get(symbol) ?? 0)
    return value
  }
  const flattenOrders = (reason: string): EngineOrder[] =>
    [...positions]
      .filter(([, qty]) => qty !== 0)
      .map(([symbol, qty]) => ({
        symbol,
        side: qty > 0 ? 'sell' : 'buy',
        quantity: Math.abs(qty),
        reason,
        reduceOnly: true,
      }))
  const halt = (reason: string): EngineOrder[] => {
    if (state !== 'HALTED') {
      transition('HALTED', reason)
      haltReason = reason
    }
    return flattenOrders(reason)
  }

  const statistics = (): GovernorStats => ({ ...stats, denied: { ...stats.denied } })
  const killSwitch = (reason: string): { cancel: string[]; flatten: EngineOrder[] } => {
    // Working orders keep counting against the limits until the venue confirms the cancel.
    const cancel = open.ids()
    const flatten = halt(`kill switch: ${reason}`)
    actions.cancel.push(...cancel)
    actions.orders.push(...flatten)
    return { cancel, flatten }
  }
  const pauseByFlag = (on: boolean, reason = 'governor.pause'): void => {
    pausedByFlag = on
    if (on && (state === 'ACTIVE' || state === 'REDUCING')) transition('PAUSED', reason)
    if (!on) resumeIfClear(`${reason} cleared`)
  }

  return {
    // The reference governor has every capability of the contract.
    capabilities: CAPABILITIES,
    limits: { maxPositionUsd: options.maxPositionUsd },
    get state() {
      return state
    },
    get halted() {
      return state === 'HALTED'
    },
    get haltReason() {
      return haltReason
    },
    get drawdownPct() {
      return drawdownPct
    },
    get stats() {
      return statistics()
    },
    statistics,
    decide(request: DecisionRequest): Decision {
      stats.received++
      let current = request
      let trimmedBy: string | undefined
      for (const control of controls) {
        const verdict = control(current, view)
        if (verdict === undefined) continue
        if (verdict.kind === 'deny') {
          stats.denied[verdict.control] = (stats.denied[verdict.control] ?? 0) + 1
          return { verdict: 'reject', reason: `${verdict.control}: ${verdict.reason}` }
        }
        current = { ...current, quantity: verdict.quantity }
        trimmedBy = `${verdict.control}: ${verdict.reason}`
      }
      open.add({
        id: request.id,
        symbol: request.symbol,
        side: request.side,
        remaining: current.quantity,
      })
      if (trimmedBy === undefined) {
        stats.approved++
        return { verdict: 'approve' }
      }
      stats.trimmed++
      return { verdict: 'trim', quantity: current.quantity, reason: trimmedBy }
    },
    onTick(tick: MarketTick) {
      lastPrice.set(tick.symbol, tick.price)
      const value = equity()
      peakEquity = Math.max(peakEquity, value)
      drawdownPct = ((peakEquity - value) / peakEquity) * 100
      if (state === 'HALTED') return undefined
      if (drawdownPct >= haltAt) return halt(`drawdown ${drawdownPct.toFixed(2)}% >= ${haltAt}%`)
      if (options.maxDailyLossUsd !== undefined && capital - value >= options.maxDailyLossUsd) {
        return halt(`daily loss ${(capital - value).toFixed(2)} >= ${options.maxDailyLossUsd} USD`)
      }
      return undefined
    },
    onFill(fill: Fill) {
      const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity
      positions.set(fill.symbol, position(fill.symbol) + signed)
      cash -= signed * fill.price
      open.fill(fill.orderId, fill.quantity)
    },
    onOrderClosed(orderId: string) {
      open.remove(orderId)
    },
    openOrderIds: () => open.ids(),
    positions(): Position[] {
      return [...positions].map(([symbol, quantity]) => ({ symbol, quantity }))
    },
    flattenAll: () => flattenOrders('end of run'),
    setState(next) {
      if (state === 'HALTED') return // a latched halt needs rearm()
      pausedByFlag = next === 'PAUSED'
      if (next === 'PAUSED' || !pausedByLink) transition(next, 'set')
    },
    halt,
    rearm() {
      if (state !== 'HALTED') return
      transition('ACTIVE', 'rearmed')
      haltReason = undefined
      peakEquity = equity()
      drawdownPct = 0
    },
    killSwitch,
    onDisconnect() {
      if (state === 'ACTIVE' || state === 'REDUCING') transition('PAUSED', 'broker link down')
      // Asked to cancel, but still counted as working until the venue confirms or reconciles.
      return open.ids()
    },
    pauseByFlag,
    pause: (reason) => pauseByFlag(true, reason),
    resume: (reason) => pauseByFlag(false, reason),
    emergencyStop(reason) {
      if (state !== 'HALTED') killSwitch(reason)
    },
    onLinkChange(link) {
      if (link === 'down') {
        if (pausedByLink) return
        pausedByLink = true
        actions.cancel.push(...this.onDisconnect())
        return
      }
      if (!pausedByLink) return
      pausedByLink = false
      // Flatten what the outage left open (computed when taken: the fills the venue replays on
      // reconnect come after this), then trade again if nothing else holds the pause.
      flattenPending = true
      resumeIfClear('broker link restored')
    },
    takeActions() {
      if (flattenPending) {
        flattenPending = false
        actions.orders.push(...flattenOrders('broker link down'))
      }
      return { cancel: actions.cancel.splice(0), orders: actions.orders.splice(0) }
    },
    stateLog: () => [...stateLog],
  }
}
