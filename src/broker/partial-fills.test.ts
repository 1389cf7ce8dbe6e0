import { describe, expect, test } from 'vitest'
import { seededRng } from '../common/random.js'
import { BrokerSpecError } from './broker-error.js'
import { splitQuantity } from './partial-fills.js'

describe('splitQuantity', () => {
  test('parts are whole, at least one share, and sum exactly to the total', () => {
    const rng = seededRng(11)
    for (let i = 0; i < 2_000; i++) {
      const total = rng.int(1, 100_000)
      const parts = rng.int(1, Math.min(total, 12))
      const split = splitQuantity(total, parts, rng)
      expect(split.length).toBe(parts)
      expect(split.reduce((a, b) => a + b, 0)).toBe(total)
      for (const part of split) {
        expect(Number.isInteger(part) && part >= 1, `part ${part} of ${total}`).toBe(true)
      }
    }
  })

  test('edge cases: one part, as many parts as shares', () => {
    expect(splitQuantity(7, 1, seededRng(1))).toEqual([7])
    expect(splitQuantity(5, 5, seededRng(1))).toEqual([1, 1, 1, 1, 1])
  })

  test('is seeded: same seed same split, different seed different split', () => {
    expect(splitQuantity(1_000, 4, seededRng(42))).toEqual(splitQuantity(1_000, 4, seededRng(42)))
    expect(splitQuantity(1_000, 4, seededRng(42))).not.toEqual(
      splitQuantity(1_000, 4, seededRng(43)),
    )
  })

  test('every position is a possible cut (uniform cut points)', () => {
    const rng = seededRng(5)
    const firstParts = new Set<number>()
    for (let i = 0; i < 2_000; i++) firstParts.add(splitQuantity(10, 2, rng)[0] ?? 0)
    expect([...firstParts].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  test('rejects totals and part counts it cannot split', () => {
    expect(() => splitQuantity(1.5, 1, seededRng(1))).toThrow(BrokerSpecError)
    expect(() => splitQuantity(0, 1, seededRng(1))).toThrow(/total = 0 is out of range/)
    expect(() => splitQuantity(3, 4, seededRng(1))).toThrow(
      /parts = 4 is out of range; allowed: an integer 1..total \(3\)/,
    )
  })
})
