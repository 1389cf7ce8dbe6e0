import type { MarketTick } from '../market/market-path.js'
import type {
  Decision,
  DecisionRequest,
  EngineOrder,
  Fill,
  HardLimits,
  Position,
  RiskEngine,
} from '../scenario/risk-engine.js'

/** Options of {@link referenceGovernor}. */
export interface ReferenceGovernorOptions {
  /** Largest absolute position notional, in USD, counted at the order's limit price. */
  maxPositionUsd: number
  /** Drawdown of equity from its peak, in percent, that the governor must never reach. */
  maxDrawdownPct: number
  /** Drawdown at which the governor halts and flattens. @default maxDrawdownPct / 2 */
  haltAtDrawdownPct?: number
  /** Account equity at the start, in USD. @default 1_000_000 */
  capitalUsd?: number
}

/** The reference governor, with its live state exposed for tests and reports. */
export interface ReferenceGovernor extends RiskEngine {
  readonly limits: HardLimits
  /** True once the drawdown halt fired; latches for the rest of the run. */
  readonly halted: boolean
  readonly drawdownPct: number
}

/**
 * A first reference risk governor: per-symbol position limit (orders that would cross it are
 * trimmed to what fits, or rejected), and a drawdown halt that latches, rejects every
 * risk-increasing order and flattens. Later issues add collars, throttles, trading states and
 * Redis control flags behind the same interface.
 *
 * @example
 * const engine = referenceGovernor({ maxPositionUsd: 250_000, maxDrawdownPct: 15 })
 */
export function referenceGovernor(options: ReferenceGovernorOptions): ReferenceGovernor {
  for (const [name, value] of Object.entries({
    maxPositionUsd: options.maxPositionUsd,
    maxDrawdownPct: options.maxDrawdownPct,
  })) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new RangeError(
        `referenceGovernor: ${name} must be a number > 0, got ${String(value)}. Example: referenceGovernor({ maxPositionUsd: 250_000, maxDrawdownPct: 15 }).`,
      )
    }
  }
  const haltAt = options.haltAtDrawdownPct ?? options.maxDrawdownPct / 2
  const capital = options.capitalUsd ?? 1_000_000
  const positions = new Map<string, number>()
  const lastPrice = new Map<string, number>()
  let cash = capital
  let peakEquity = capital
  let drawdownPct = 0
  let halted = false

  const position = (symbol: string): number => positions.get(symbol) ?? 0
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
      }))

  return {
    limits: { maxPositionUsd: options.maxPositionUsd },
    get halted() {
      return halted
    },
    get drawdownPct() {
      return drawdownPct
    },
    decide(request: DecisionRequest): Decision {
      const current = position(request.symbol)
      const signed = request.side === 'buy' ? request.quantity : -request.quantity
      const reducing = current !== 0 && Math.sign(signed) !== Math.sign(current)
      if (halted && !(reducing && request.quantity <= Math.abs(current))) {
        return { verdict: 'reject', reason: 'halted: drawdown limit' }
      }
      // Value the position at the worse of the limit and the last mid: a sell fills above its limit.
      const price = Math.max(
        request.limitPrice,
        lastPrice.get(request.symbol) ?? request.limitPrice,
      )
      const limitQty = Math.floor(options.maxPositionUsd / price)
      if (Math.abs(current + signed) <= limitQty) return { verdict: 'approve' }
      const room = request.side === 'buy' ? limitQty - current : limitQty + current
      if (room >= 1) return { verdict: 'trim', quantity: room, reason: 'position limit' }
      return { verdict: 'reject', reason: 'position limit' }
    },
    onTick(tick: MarketTick) {
      lastPrice.set(tick.symbol, tick.price)
      const value = equity()
      peakEquity = Math.max(peakEquity, value)
      drawdownPct = ((peakEquity - value) / peakEquity) * 100
      if (!halted && drawdownPct >= haltAt) {
        halted = true
        return flattenOrders('drawdown halt')
      }
      return undefined
    },
    onFill(fill: Fill) {
      const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity
      positions.set(fill.symbol, position(fill.symbol) + signed)
      cash -= signed * fill.price
    },
    positions(): Position[] {
      return [...positions].map(([symbol, quantity]) => ({ symbol, quantity }))
    },
    flattenAll: () => flattenOrders('end of run'),
  }
}
