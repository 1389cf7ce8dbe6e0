import Big from 'big.js'
import { checkNumber } from './broker-error.js'

/** What the venue charges per execution. */
export interface FeeSchedule {
  /** Per share (or contract) executed, in USD. @default 0 */
  perShare?: number
  /** Basis points of the execution's notional (quantity * price). @default 0 */
  bps?: number
  /**
   * Round each execution's fee to this many decimal places (half away from zero), e.g. 2 for
   * cents. @default exact: no rounding
   */
  decimals?: number
}

const EXAMPLE = 'fees: { perShare: 0.005, bps: 0.2 }'

/**
 * Throws {@link BrokerSpecError} naming the bad field unless `fees` is usable.
 *
 * @example
 * validateFees({ perShare: -1 }) // throws: fees: perShare = -1 is out of range ...
 */
export function validateFees(fees: FeeSchedule): void {
  const { perShare = 0, bps = 0, decimals } = fees
  checkNumber('fees', 'perShare', perShare, perShare >= 0, 'perShare >= 0', EXAMPLE)
  checkNumber('fees', 'bps', bps, bps >= 0, 'bps >= 0', EXAMPLE)
  if (decimals !== undefined) {
    checkNumber(
      'fees',
      'decimals',
      decimals,
      Number.isInteger(decimals) && decimals >= 0 && decimals <= 12,
      'an integer 0..12, or leave it out for exact fees',
      'fees: { perShare: 0.005, decimals: 2 }',
    )
  }
}

/**
 * The fee of one execution: quantity * perShare + quantity * price * bps / 10_000, computed in
 * exact decimal arithmetic (big.js reads each input as the decimal `String(x)` prints) and
 * converted to a number once, so the result is the double nearest to the true decimal fee:
 * 100 shares at 50.25 with 0.005/share and 0.2 bps cost exactly 0.6005, where naive floating
 * point drifts (3 shares at 0.1/share is 0.3, not 0.30000000000000004).
 *
 * @example
 * executionFee(100, 50.25, { perShare: 0.005, bps: 0.2 }) // 0.6005
 */
export function executionFee(quantity: number, price: number, fees: FeeSchedule): number {
  const q = new Big(quantity)
  const total = q.times(fees.perShare ?? 0).plus(
    q
      .times(price)
      .times(fees.bps ?? 0)
      .div(10_000),
  )
  return (
    fees.decimals === undefined ? total : total.round(fees.decimals, Big.roundHalfUp)
  ).toNumber()
}
