import { lstat, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { type DayStamp, dayNumber } from './day.js'

/** What {@link applyRetention} did. */
export interface RetentionResult {
  /** Archive folders deleted (names), oldest first. */
  readonly deleted: readonly string[]
  /** Day folders kept (names), oldest first. */
  readonly kept: readonly string[]
}

/**
 * The names among `names` to delete so that the last `keepDays` days up to `today` stay: a name
 * goes when it is a real `YYYYMMDD` day at least `keepDays` days before `today`. Anything else
 * (other names, invalid dates, later days) is never selected.
 *
 * @example
 * expiredDays(['20250101', '20250102', 'notes'], '20250131', 30) // ['20250101']
 */
export function expiredDays(
  names: readonly string[],
  today: DayStamp,
  keepDays: number,
): DayStamp[] {
  const now = dayNumber(today)
  if (now === undefined) throw new RangeError(`today ${JSON.stringify(today)} is not YYYYMMDD`)
  if (!Number.isInteger(keepDays) || keepDays < 1) {
    throw new RangeError(`keepDays must be an integer >= 1, got ${keepDays}`)
  }
  return names
    .filter((name) => {
      const n = dayNumber(name)
      return n !== undefined && n <= now - keepDays
    })
    .sort()
}

/**
 * Deletes the expired day folders of `archiveDir` (see {@link expiredDays}). Only real
 * directories are deleted: a file or a symlink named like a day is left alone.
 *
 * @example
 * await applyRetention('archives', '20250131', 30) // { deleted: ['20241231'], kept: [...] }
 */
export async function applyRetention(
  archiveDir: string,
  today: DayStamp,
  keepDays: number,
): Promise<RetentionResult> {
  let names: string[]
  try {
    names = await readdir(archiveDir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { deleted: [], kept: [] }
    throw error
  }
  const dirs: string[] = []
  for (const name of names) {
    if (dayNumber(name) === undefined) continue
    const info = await lstat(join(archiveDir, name))
    if (info.isDirectory() && !info.isSymbolicLink()) dirs.push(name)
  }
  const expired = expiredDays(dirs, today, keepDays)
  for (const name of expired) await rm(join(archiveDir, name), { recursive: true, force: true })
  return { deleted: expired, kept: dirs.filter((d) => !expired.includes(d)).sort() }
}
