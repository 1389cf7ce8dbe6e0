import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { archiveDay, moveFile, previousArchive } from './archive.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stressgate-archive-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const report = (certified: boolean, at: string) =>
  JSON.stringify({ certified, certification_timestamp: at, summary: {}, scenarios: {} })

async function files(root: string, prefix = ''): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (entry.isDirectory())
      out.push(...(await files(join(root, entry.name), `${prefix}${entry.name}/`)))
    else out.push(`${prefix}${entry.name}`)
  }
  return out.sort()
}

describe('archiveDay', () => {
  test('a second cycle the same day keeps the first one as <name>.<n>: nothing is lost', async () => {
    const reports = join(dir, 'reports')
    const logs = join(dir, 'logs')
    await mkdir(reports, { recursive: true })
    await mkdir(logs, { recursive: true })
    const archives = join(dir, 'archives')
    const day = { day: '20250131', archiveDir: archives, reportDir: reports, logDir: logs }
    for (const round of ['first', 'second', 'third']) {
      await writeFile(join(reports, 'certification_report.json'), round)
      await writeFile(join(logs, 'redis.log'), round)
      await archiveDay(day)
    }
    const today = join(archives, '20250131')
    expect(await files(today)).toEqual([
      'certification_report.1.json',
      'certification_report.2.json',
      'certification_report.json',
      'logs/redis.1.log',
      'logs/redis.2.log',
      'logs/redis.log',
    ])
    expect(await readFile(join(today, 'certification_report.json'), 'utf8')).toBe('third')
    expect(await readFile(join(today, 'certification_report.1.json'), 'utf8')).toBe('first')
    expect(await readFile(join(today, 'logs/redis.2.log'), 'utf8')).toBe('second')
  })

  test("moves the report files, that day's report and the logs; copies the history", async () => {
    const reports = join(dir, 'reports')
    const logs = join(dir, 'state', 'logs')
    await mkdir(reports, { recursive: true })
    await mkdir(logs, { recursive: true })
    for (const name of ['certification_report.json', 'dashboard.html', 'junit.xml', 'summary.md'])
      await writeFile(join(reports, name), name)
    await writeFile(join(reports, 'daily_report_20250131.md'), 'today')
    await writeFile(join(reports, 'daily_report_20250130.md'), 'yesterday')
    await writeFile(join(reports, 'trace.json'), 'not a report file')
    await writeFile(join(reports, 'history.json'), '{"runs":[]}')
    await writeFile(join(logs, 'redis.log'), 'redis says hi')
    await writeFile(join(logs, 'postgres.log'), 'pg')
    await writeFile(join(logs, 'notes.txt'), 'not a log')

    const archives = join(dir, 'archives')
    const result = await archiveDay({
      day: '20250131',
      archiveDir: archives,
      reportDir: reports,
      logDir: logs,
    })
    expect(result.dir).toBe(join(archives, '20250131'))
    const expected = [
      'certification_report.json',
      'daily_report_20250131.md',
      'dashboard.html',
      'history.json',
      'junit.xml',
      'logs/postgres.log',
      'logs/redis.log',
      'summary.md',
    ]
    expect([...result.files].sort(), 'reported').toEqual(expected)
    expect(await files(result.dir), 'on disk').toEqual(expected)
    for (const name of ['certification_report.json', 'dashboard.html', 'junit.xml', 'summary.md'])
      expect(await readFile(join(result.dir, name), 'utf8'), name).toBe(name)
    expect(await readFile(join(result.dir, 'daily_report_20250131.md'), 'utf8')).toBe('today')
    expect(await readFile(join(result.dir, 'history.json'), 'utf8')).toBe('{"runs":[]}')
    expect(await readFile(join(result.dir, 'logs/redis.log'), 'utf8')).toBe('redis says hi')
    expect(await readdir(logs), 'logs moved, other files left').toEqual(['notes.txt'])
    expect(
      (await readdir(reports)).sort(),
      "the day's files moved; the history, other days and other files stay",
    ).toEqual(['daily_report_20250130.md', 'history.json', 'trace.json'])
    expect(await readFile(join(reports, 'history.json'), 'utf8')).toBe('{"runs":[]}')

    // A second run the same day: nothing in the archive is lost.
    const again = await archiveDay({
      day: '20250131',
      archiveDir: archives,
      reportDir: reports,
      logDir: logs,
    })
    expect(again.files, 'only the history is left to archive').toEqual(['history.json'])
    expect(await files(result.dir)).toEqual(expected)
    expect(await readFile(join(result.dir, 'summary.md'), 'utf8')).toBe('summary.md')
  })

  test('moveLogs: false copies the logs and leaves them', async () => {
    const logs = join(dir, 'logs')
    await mkdir(logs)
    await writeFile(join(logs, 'redis.log'), 'x')
    const result = await archiveDay({
      day: '20250131',
      archiveDir: join(dir, 'archives'),
      reportDir: join(dir, 'no-reports'),
      logDir: logs,
      moveLogs: false,
    })
    expect(result.files).toEqual(['logs/redis.log'])
    expect(await readdir(logs)).toEqual(['redis.log'])
  })
})

describe('moveFile', () => {
  const exdev = async () => {
    throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' })
  }

  test('across filesystems (EXDEV): copies, then removes the source', async () => {
    await writeFile(join(dir, 'a.json'), 'report')
    await mkdir(join(dir, 'archive'))
    await writeFile(join(dir, 'archive', 'a.json'), 'older')
    await moveFile(join(dir, 'a.json'), join(dir, 'archive', 'a.json'), exdev)
    expect(await readFile(join(dir, 'archive', 'a.json'), 'utf8')).toBe('report')
    expect(await readdir(dir)).toEqual(['archive'])
    expect(await readdir(join(dir, 'archive')), 'no temporary file left').toEqual(['a.json'])
  })

  test('a failed copy leaves the source where it was', async () => {
    await writeFile(join(dir, 'a.json'), 'report')
    await expect(
      moveFile(join(dir, 'a.json'), join(dir, 'missing', 'a.json'), exdev),
    ).rejects.toThrow(/ENOENT/)
    expect(await readFile(join(dir, 'a.json'), 'utf8')).toBe('report')
  })

  test('on the same filesystem it renames (the same file, not a copy)', async () => {
    await writeFile(join(dir, 'a.json'), 'report')
    const before = await stat(join(dir, 'a.json'))
    await moveFile(join(dir, 'a.json'), join(dir, 'b.json'))
    expect(await readdir(dir)).toEqual(['b.json'])
    expect((await stat(join(dir, 'b.json'))).ino).toBe(before.ino)
  })
})

describe('previousArchive', () => {
  test('the latest earlier day that has a certification report', async () => {
    const archives = join(dir, 'archives')
    const put = async (day: string, text?: string) => {
      await mkdir(join(archives, day), { recursive: true })
      if (text) await writeFile(join(archives, day, 'certification_report.json'), text)
    }
    await put('20250128', report(true, '2025-01-28T18:00:00.000Z'))
    await put('20250129', report(false, '2025-01-29T18:00:00.000Z'))
    await put('20250130') // down without a certification
    await put('20250131', report(true, '2025-01-31T18:00:00.000Z')) // today
    await put('20250201', report(true, '2025-02-01T18:00:00.000Z')) // later
    await put('misc', report(true, '2020-01-01T00:00:00.000Z'))
    const found = await previousArchive(archives, '20250131')
    expect(found?.day).toBe('20250129')
    expect(found?.report.certified).toBe(false)
    expect(await previousArchive(archives, '20250128')).toBeUndefined()
    expect(await previousArchive(join(dir, 'none'), '20250131')).toBeUndefined()
  })
})
