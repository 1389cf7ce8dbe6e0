import { checkBooks } from './invariants/books.js'
import { checkEndState } from './invariants/end-state.js'
import { checkFills } from './invariants/fills.js'
import { checkLimits } from './invariants/limits.js'
import { checkOrderStates } from './invariants/order-states.js'
import { checkPauseLeaks } from './invariants/pause.js'
import type { InvariantViolation, ReportedState, TradingLog } from './trading-log.js'

/**
 * Runs every portfolio invariant over a run's log and the state the system reports. An empty
 * list means the books are sound.
 *
 * @example
 * const violations = checkInvariants(log, { enginePositions, redisPositions, finalPrices })
 * if (violations.length) console.log(violations.map((v) => v.message).join('\n'))
 */
export function checkInvariants(log: TradingLog, reported: ReportedState): InvariantViolation[] {
  return [
    ...checkOrderStates(log),
    ...checkFills(log),
    ...checkLimits(log),
    ...checkPauseLeaks(log),
    ...checkBooks(log, reported),
    ...checkEndState(log),
  ]
}
