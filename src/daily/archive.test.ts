import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { archiveDay, previousArchive } from './archive.js'

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
  test("copies the report files and that day's report, moves the logs", async () => {
    const reports = join(dir, 'reports')
    const logs = join(dir, 'state', 'logs')
    await mkdir(reports, { recursive: true })
    await mkdir(logs, { recursive: true })
    for (const name of ['certification_report.json', 'dashboard.html', 'junit.xml', 'summary.md'])
      await writeFile(join(reports, name), name)
    await writeFile(join(reports, 'daily_report_20250131.md'), 'today')
    await writeFile(join(reports, 'daily_report_20250130.md'), 'yesterday')
    await writeFile(join(reports, 'trace.json'), 'not a report file')
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
      'junit.xml',
      'logs/postgres.log',
      'logs/redis.log',
      'summary.md',
    ]
    expect([...result.files].sort(), 'reported').toEqual(expected)
    expect(await files(result.dir), 'on disk').toEqual(expected)
    expect(await readFile(join(result.dir, 'logs/redis.log'), 'utf8')).toBe('redis says hi')
    expect(await readdir(logs), 'logs moved, other files left').toEqual(['notes.txt'])
    expect((await readdir(reports)).length, 'reports are copied, not moved').toBe(7)

    // A second run the same day: nothing in the archive is lost.
    const again = await archiveDay({
      day: '20250131',
      archiveDir: archives,
      reportDir: reports,
      logDir: logs,
    })
    expect(again.files).not.toContain('logs/redis.log')
    expect(await files(result.dir)).toEqual(expected)
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
