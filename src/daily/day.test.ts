import { describe, expect, test } from 'vitest'
import { dayNumber, formatDay, parseDay } from './day.js'

describe('formatDay', () => {
  test('is the local calendar day, zero-padded', () => {
    expect(formatDay(new Date(2025, 0, 5, 0, 0, 0)), 'first minute').toBe('20250105')
    expect(formatDay(new Date(2025, 0, 5, 23, 59, 59)), 'last minute').toBe('20250105')
    expect(formatDay(new Date(2024, 11, 31, 12)), 'year end').toBe('20241231')
    expect(formatDay(new Date(999, 1, 3, 12)), 'four-digit year').toBe('09990203')
  })
})

describe('dayNumber', () => {
  test('counts days since 1970-01-01 on the calendar', () => {
    expect(dayNumber('19700101')).toBe(0)
    expect(dayNumber('19700102')).toBe(1)
    const span = (a: string, b: string) =>
      (dayNumber(b) ?? Number.NaN) - (dayNumber(a) ?? Number.NaN)
    expect(span('20250228', '20250301'), 'no Feb 29 in 2025').toBe(1)
    expect(span('20240228', '20240301'), 'Feb 29 in 2024').toBe(2)
  })

  test('rejects what is not a real YYYYMMDD day', () => {
    for (const bad of [
      '20250230',
      '20251301',
      '20250100',
      '2025131',
      '202501311',
      'abcdefgh',
      '2025-01-31',
      '',
    ])
      expect(dayNumber(bad), bad).toBeUndefined()
  })
})

describe('parseDay', () => {
  test('returns a valid day and names a bad one with the format and an example', () => {
    expect(parseDay('20250131')).toBe('20250131')
    expect(() => parseDay('2025-01-31')).toThrow(
      '--date "2025-01-31" is not a day as YYYYMMDD (a real calendar date, 8 digits). Example: --date 20250131',
    )
    expect(() => parseDay('20250230')).toThrow('--date "20250230" is not a day as YYYYMMDD')
  })
})
