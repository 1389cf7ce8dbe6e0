/**
 * What the governor lets through:
 * - ACTIVE: everything the limits allow;
 * - REDUCING: only orders that shrink an existing position;
 * - PAUSED: nothing new (e.g. `governor.pause` raised, broker link lost); resumable;
 * - HALTED: nothing new, latched by a loss limit or the kill switch until re-armed.
 */
export type TradingState = 'ACTIVE' | 'REDUCING' | 'PAUSED' | 'HALTED'

export const TRADING_STATES: readonly TradingState[] = ['ACTIVE', 'REDUCING', 'PAUSED', 'HALTED']
