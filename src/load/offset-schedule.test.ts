import { expect, test } from 'vitest'
import { offsetSchedule } from './offset-schedule.js'

test('sorts the offsets and keeps simultaneous arrivals', () => {
  const s = offsetSchedule([120, 0, 5, 0, 5, 0], 1_000)
  expect(Array.from({ length: s.count }, (_, i) => s.offsetMs(i))).toEqual([0, 0, 0, 5, 5, 120])
  expect(s.describe()).toBe('6 arrivals over 1000 ms')
})

test('refuses offsets outside the run, or none', () => {
  expect(() => offsetSchedule([10, 2_000], 1_000)).toThrow(
    'offsetSchedule: offset 2000 is outside 0..1000 ms',
  )
  expect(() => offsetSchedule([], 1_000)).toThrow(/no offsets/)
})
