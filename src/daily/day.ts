import { DailyError } from './daily-error.js'

/** A day as the archives name it: `YYYYMMDD`. */
export type DayStamp = string

const DAY = /^(\d{4})(\d{2})(\d{2})$/
const MS_PER_DAY = 86_400_000

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/**
 * The local calendar day of `date` as `YYYYMMDD` (local time: a day's startup at 00:30 belongs
 * to that day wherever the machine is).
 *
 * @example
 * formatDay(new Date(2025, 0, 31, 23, 59)) // '20250131'
 */
export function formatDay(date: Date): DayStamp {
  return `${pad(date.getFullYear(), 4)}${pad(date.getMonth() + 1)}${pad(date.getDate())}`
}

/**
 * Days since 1970-01-01 of a `YYYYMMDD` stamp, or undefined when it is not a real calendar day
 * (`20250230`, `2025131`, `abc`). Computed on the calendar, so DST changes cannot shift it.
 *
 * @example
 * dayNumber('19700102') // 1
 */
export function dayNumber(stamp: string): number | undefined {
  const m = DAY.exec(stamp)
  if (!m) return undefined
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const ms = Date.UTC(year, month - 1, day)
  const back = new Date(ms)
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day
  )
    return undefined
  return ms / MS_PER_DAY
}

/**
 * Checks a `--date` value: a real day as `YYYYMMDD`, else a {@link DailyError} naming it.
 *
 * @example
 * parseDay('20250131') // '20250131'
 * parseDay('2025-01-31') // throws: --date "2025-01-31" is not a day as YYYYMMDD ...
 */
export function parseDay(text: string, flag = '--date'): DayStamp {
  if (dayNumber(text) === undefined) {
    throw new DailyError(
      `${flag} ${JSON.stringify(text)} is not a day as YYYYMMDD (a real calendar date, 8 digits). Example: ${flag} 20250131`,
    )
  }
  return text
}
