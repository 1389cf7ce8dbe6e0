import { copyFile, mkdir, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { CertificationReport } from '../report/certification.js'
import { dailyReportName, REPORT_FILES } from './daily-paths.js'
import { type DayStamp, dayNumber } from './day.js'
import { readLastCertification } from './last-certification.js'

/** Options of {@link archiveDay}. */
export interface ArchiveOptions {
  readonly day: DayStamp
  readonly archiveDir: string
  readonly reportDir: string
  /** Service logs: copied into `<archive>/logs/`. */
  readonly logDir: string
  /** Delete the logs once copied (only when no process writes to them any more). @default true */
  readonly moveLogs?: boolean
}

async function names(dir: string): Promise<string[]> {
  try {
    return await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

/**
 * Copies the day's report files and daily report into `archives/YYYYMMDD/` and moves the service
 * logs (copies them while a process may still write) to `archives/YYYYMMDD/logs/`. Rerunnable: files are overwritten, nothing in the archive
 * is deleted. Resolves with the archived paths relative to the archive folder.
 *
 * @example
 * await archiveDay({ day: '20250131', archiveDir: 'archives', reportDir: 'reports', logDir })
 * // { dir: 'archives/20250131', files: ['certification_report.json', ..., 'logs/redis.log'] }
 */
export async function archiveDay(
  options: ArchiveOptions,
): Promise<{ dir: string; files: string[] }> {
  const dir = join(options.archiveDir, options.day)
  await mkdir(dir, { recursive: true })
  const present = new Set(await names(options.reportDir))
  const files: string[] = []
  for (const name of [...REPORT_FILES, dailyReportName(options.day)]) {
    if (!present.has(name)) continue
    await copyFile(join(options.reportDir, name), join(dir, name))
    files.push(name)
  }
  const logs = (await names(options.logDir)).filter((n) => n.endsWith('.log')).sort()
  if (logs.length > 0) await mkdir(join(dir, 'logs'), { recursive: true })
  for (const name of logs) {
    await copyFile(join(options.logDir, name), join(dir, 'logs', name))
    if (options.moveLogs !== false) await rm(join(options.logDir, name), { force: true })
    files.push(`logs/${name}`)
  }
  return { dir, files }
}

/**
 * The latest archived certification before `day` (the previous working day's), if any.
 *
 * @example
 * const previous = await previousArchive('archives', '20250131') // { day: '20250130', report }
 */
export async function previousArchive(
  archiveDir: string,
  day: DayStamp,
): Promise<{ day: DayStamp; report: CertificationReport } | undefined> {
  const today = dayNumber(day) ?? Number.POSITIVE_INFINITY
  const earlier = (await names(archiveDir))
    .filter((n) => {
      const d = dayNumber(n)
      return d !== undefined && d < today
    })
    .sort()
    .reverse()
  for (const name of earlier) {
    const report = readLastCertification(join(archiveDir, name, 'certification_report.json'))
    if (report) return { day: name, report }
  }
  return undefined
}
