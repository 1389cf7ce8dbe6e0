import { describe, expect, test } from 'vitest'
import { seedOf, timeModeOf } from './time-mode.js'

describe('the clock and seed of a run', () => {
  test("the spec's time, real by default, and STRESSGATE_TIME over it", () => {
    expect(timeModeOf('a', undefined, {})).toBe('real')
    expect(timeModeOf('a', 'simulated', {})).toBe('simulated')
    expect(timeModeOf('a', 'simulated', { STRESSGATE_TIME: 'real' })).toBe('real')
    expect(timeModeOf('a', 'real', { STRESSGATE_TIME: 'simulated' })).toBe('simulated')
    expect(timeModeOf('a', 'real', { STRESSGATE_TIME: '' }), 'empty: unset').toBe('real')
  })

  test('a bad clock is named with the allowed values', () => {
    expect(() => timeModeOf('a', undefined, { STRESSGATE_TIME: 'virtual' })).toThrow(
      /STRESSGATE_TIME="virtual" is not a clock; allowed: 'simulated', 'real'/,
    )
    expect(() => timeModeOf('flash_crash', 'fast', {})).toThrow(
      /Scenario "flash_crash": time = "fast" is not a clock; allowed: 'simulated', 'real'/,
    )
  })

  test('STRESSGATE_SEED replays a seed; a bad one is refused', () => {
    expect(seedOf('a', 42, {})).toBe(42)
    expect(seedOf('a', 42, { STRESSGATE_SEED: '7' })).toBe(7)
    expect(() => seedOf('a', 42, { STRESSGATE_SEED: '7.5' })).toThrow(
      /STRESSGATE_SEED="7.5" \(scenario "a"\) is not an integer seed/,
    )
  })
})
