import { describe, expect, test } from 'vitest'
import { systemClock, VirtualClock } from './clock.js'

describe('VirtualClock', () => {
  test('moves only when told', async () => {
    const clock = new VirtualClock(5)
    expect(clock.now()).toBe(5)
    await clock.sleepUntil(3)
    expect(clock.now(), 'sleeping into the past does not go back').toBe(5)
    await clock.sleepUntil(12)
    expect(clock.now()).toBe(12)
    clock.advance(100)
    expect(clock.now()).toBe(112)
  })

  test('refuses to go backwards', () => {
    expect(() => new VirtualClock().advance(-1)).toThrow(/expected ms >= 0/)
  })
})

describe('systemClock', () => {
  test('never wakes before the target', async () => {
    const clock = systemClock()
    for (const delay of [0.2, 1, 7]) {
      const target = clock.now() + delay
      await clock.sleepUntil(target)
      expect(clock.now()).toBeGreaterThanOrEqual(target)
    }
  })

  test('spinWindowMs 0 (timers only) still never wakes early; a negative window is refused', async () => {
    const clock = systemClock({ spinWindowMs: 0 })
    for (const delay of [0.2, 1, 3.5]) {
      const target = clock.now() + delay
      await clock.sleepUntil(target)
      expect(clock.now()).toBeGreaterThanOrEqual(target)
    }
    expect(() => systemClock({ spinWindowMs: -1 })).toThrow(
      'systemClock({ spinWindowMs: -1 }): expected ms >= 0',
    )
  })
})
