import { describe, expect, test } from 'vitest'
import { VirtualClock } from '../common/clock.js'
import { clockSkew, SkewedClock } from './clock-skew.js'
import { FaultSpecError } from './fault-error.js'

describe('clock skew', () => {
  test('offsets the wrapped clock while active, and overlapping skews add up', async () => {
    const base = new VirtualClock(1_000)
    const skewed = new SkewedClock(base)
    const ahead = clockSkew(skewed, { offsetMs: 250 })
    const behind = clockSkew(skewed, { offsetMs: -100, name: 'behind' })
    expect(skewed.now()).toBe(1_000)
    await ahead.apply()
    expect(skewed.now()).toBe(1_250)
    await behind.apply()
    expect(skewed.now(), 'both').toBe(1_150)
    await ahead.revert?.()
    expect(skewed.now()).toBe(900)
    await behind.revert?.()
    expect(skewed.now()).toBe(1_000)
    expect(skewed.offsetMs).toBe(0)
    expect(base.now(), 'the base clock is untouched').toBe(1_000)
  })

  test('sleepUntil wakes when the skewed clock reaches the time', async () => {
    const base = new VirtualClock(0)
    const skewed = new SkewedClock(base)
    skewed.shift(300)
    await skewed.sleepUntil(1_000)
    expect(base.now()).toBe(700)
    expect(skewed.now()).toBe(1_000)
  })

  test('a non-finite offset is refused', () => {
    const skewed = new SkewedClock(new VirtualClock())
    expect(() => clockSkew(skewed, { offsetMs: Number.POSITIVE_INFINITY })).toThrow(FaultSpecError)
  })
})
