import { describe, expect, test } from 'vitest'
import { BrokerSpecError } from './broker-error.js'
import { executionFee, validateFees } from './fees.js'

describe('executionFee', () => {
  test('per share plus basis points of notional, exactly', () => {
    // 100 * 0.005 = 0.5; 100 * 50.25 * 0.2 / 10_000 = 0.1005
    expect(executionFee(100, 50.25, { perShare: 0.005, bps: 0.2 }), 'fee').toBe(0.6005)
    expect(executionFee(100, 50.25, { perShare: 0.005 }), 'per share only').toBe(0.5)
    expect(executionFee(100, 50.25, { bps: 0.2 }), 'bps only').toBe(0.1005)
    expect(executionFee(100, 50.25, {}), 'no fees').toBe(0)
  })

  test('is exact where naive floating point drifts', () => {
    expect(3 * 0.1, 'naive').not.toBe(0.3)
    expect(executionFee(3, 10, { perShare: 0.1 })).toBe(0.3)
    expect(7 * 0.0035 + (7 * 123.45 * 1.1) / 10_000, 'naive').not.toBe(0.1195565)
    expect(executionFee(7, 123.45, { perShare: 0.0035, bps: 1.1 })).toBe(0.1195565)
  })

  test('rounds to decimals half away from zero when asked', () => {
    expect(executionFee(100, 50.25, { perShare: 0.005, bps: 0.2, decimals: 2 })).toBe(0.6)
    expect(executionFee(1, 1, { perShare: 0.005, decimals: 2 }), 'half rounds up').toBe(0.01)
    expect(executionFee(1, 1, { perShare: 0.0049, decimals: 2 })).toBe(0)
    expect(
      executionFee(1, 267.5, { bps: 100, decimals: 2 }),
      "2.675 rounds to 2.68, not toFixed's 2.67",
    ).toBe(2.68)
  })

  test('invalid schedules name the field and value', () => {
    expect(() => validateFees({ perShare: -0.01 })).toThrow(BrokerSpecError)
    expect(() => validateFees({ perShare: -0.01 })).toThrow(/perShare = -0.01 is out of range/)
    expect(() => validateFees({ bps: Number.NaN })).toThrow(/bps = NaN/)
    expect(() => validateFees({ decimals: 2.5 })).toThrow(/decimals = 2.5 .* an integer 0..12/)
  })
})
