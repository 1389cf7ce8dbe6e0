import { describe, expect, test } from 'vitest'
import { FaultSpecError } from './fault-error.js'
import { memoryPressure } from './memory-pressure.js'

const MIB = 1024 * 1024

describe('memoryPressure', () => {
  test('holds the bytes while active and lets them go when reverted', async () => {
    const fault = memoryPressure({ bytes: 48 * MIB + 5, chunkBytes: 8 * MIB })
    const before = process.memoryUsage().arrayBuffers
    await fault.apply()
    try {
      expect(fault.heldBytes()).toBe(48 * MIB + 5)
      const after = process.memoryUsage().arrayBuffers
      expect(after, 'external memory held').toBeGreaterThanOrEqual(48 * MIB)
      // Other buffers may be collected meanwhile, hence some slack on the growth.
      expect(after - before, 'growth').toBeGreaterThanOrEqual(40 * MIB)
    } finally {
      fault.revert()
    }
    expect(fault.heldBytes()).toBe(0)
  })

  test('bad sizes are refused with an example', () => {
    expect(() => memoryPressure({ bytes: -1 })).toThrow(FaultSpecError)
    expect(() => memoryPressure({ bytes: 10, chunkBytes: 0 })).toThrow(
      'memoryPressure: chunkBytes must be an integer >= 1 (bytes), got 0. Example: memoryPressure({ bytes: 256 * 1024 * 1024 }).',
    )
  })
})
