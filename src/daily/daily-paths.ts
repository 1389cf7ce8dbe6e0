import { join, resolve } from 'node:path'
import type { DayStamp } from './day.js'

/** Where `up` and `down` read and write. */
export interface DailyPaths {
  readonly root: string
  readonly reportDir: string
  readonly archiveDir: string
  /** Long-lived service data, logs and the state file. */
  readonly stateDir: string
  readonly stateFile: string
  /** Held by the running `up` or `down` (see `acquireDailyLock`). */
  readonly lockFile: string
  readonly logDir: string
}

/** Options of {@link dailyPaths}; relative folders are taken from `root`. */
export interface DailyPathOptions {
  readonly root: string
  /** @default 'reports' */
  readonly reportDir?: string
  /** @default 'archives' */
  readonly archiveDir?: string
  /** @default '.stressgate/daily' */
  readonly stateDir?: string
}

/**
 * Resolves the folders of the daily routine.
 *
 * @example
 * dailyPaths({ root: '/srv/desk' }).stateFile // '/srv/desk/.stressgate/daily/state.json'
 */
export function dailyPaths(options: DailyPathOptions): DailyPaths {
  const root = resolve(options.root)
  const stateDir = resolve(root, options.stateDir ?? '.stressgate/daily')
  return {
    root,
    reportDir: resolve(root, options.reportDir ?? 'reports'),
    archiveDir: resolve(root, options.archiveDir ?? 'archives'),
    stateDir,
    stateFile: join(stateDir, 'state.json'),
    lockFile: join(stateDir, 'lock'),
    logDir: join(stateDir, 'logs'),
  }
}

/**
 * The daily report's file name, in the report folder.
 *
 * @example
 * dailyReportName('20250131') // 'daily_report_20250131.md'
 */
export const dailyReportName = (day: DayStamp): string => `daily_report_${day}.md`

/**
 * The end-of-day summary's file name, in the day's archive.
 *
 * @example
 * endOfDayName('20250131') // 'end_of_day_20250131.md'
 */
export const endOfDayName = (day: DayStamp): string => `end_of_day_${day}.md`

/**
 * The report files a certification run writes: one day's run, moved into the day's archive by
 * `down`. The run history (`HISTORY_FILE`, many days) is copied and left in place.
 */
export { RUN_REPORT_FILES as REPORT_FILES } from '../report/report-files.js'
