import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { HISTORY_FILE, REPORT_FILE } from '../report/report-files.js'
import type { CertificationReport } from '../report/report-schema.js'
import { dailyReportName, REPORT_FILES } from './daily-paths.js'
import { type DayStamp, dayNumber } from './day.js'
import { readLastCertification } from './last-certification.js'

/** Options of {@link archiveDay}. */
export interface ArchiveOptions {
  readonly day: DayStamp
  readonly archiveDir: string
  readonly reportDir: string
  /** Service logs: moved (or copied) into `<archive>/logs/`. */
  readonly logDir: string
  /** Move the logs; false copies them (a process still writes to them). @default true */
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
 * Moves `from` to `to` (replacing it): a rename, or across filesystems (`EXDEV`) a copy to a
 * temporary file beside `to`, renamed into place, and only then the removal of `from`. A failure
 * leaves `from` where it was.
 *
 * @example
 * await moveFile('reports/summary.md', 'archives/20250131/summary.md')
 */
export async function moveFile(
  from: string,
  to: string,
  renameFile: (from: string, to: string) => Promise<void> = rename,
): Promise<void> {
  try {
    await renameFile(from, to)
    return
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
  }
  const temp = `${to}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await copyFile(from, temp)
    await rename(temp, to)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
  await rm(from, { force: true })
}

/**
 * Before `file` is replaced: an earlier version is renamed `<name>.<n><ext>` (the first free n
 * from 1), so a second `up`/`down` the same day never loses the first final certification.
 */
async function keepEarlier(file: string): Promise<void> {
  if (!existsSync(file)) return
  const dot = file.lastIndexOf('.')
  const [stem, ext] =
    dot > file.lastIndexOf('/') ? [file.slice(0, dot), file.slice(dot)] : [file, '']
  let n = 1
  while (existsSync(`${stem}.${n}${ext}`)) n++
  await rename(file, `${stem}.${n}${ext}`)
}

/**
 * Moves the day's report files and daily report into `archives/YYYYMMDD/`, so the report folder
 * starts the next day empty, and the service logs to `archives/YYYYMMDD/logs/` (copies them
 * while a process may still write: `moveLogs: false`). The run history (`history.json`, many
 * days) is copied and stays in the report folder. Rerunnable: a file already archived that day
 * is kept as `<name>.<n><ext>` (the newest always has the plain name); nothing in the archive is
 * deleted. Resolves with the archived paths relative to the archive folder.
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
    await keepEarlier(join(dir, name))
    await moveFile(join(options.reportDir, name), join(dir, name))
    files.push(name)
  }
  if (present.has(HISTORY_FILE)) {
    await copyFile(join(options.reportDir, HISTORY_FILE), join(dir, HISTORY_FILE))
    files.push(HISTORY_FILE)
  }
  const logs = (await names(options.logDir)).filter((n) => n.endsWith('.log')).sort()
  if (logs.length > 0) await mkdir(join(dir, 'logs'), { recursive: true })
  for (const name of logs) {
    const from = join(options.logDir, name)
    const to = join(dir, 'logs', name)
    await keepEarlier(to)
    if (options.moveLogs === false) await copyFile(from, to)
    else await moveFile(from, to)
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
    const report = readLastCertification(join(archiveDir, name, REPORT_FILE))
    if (report) return { day: name, report }
  }
  return undefined
}
