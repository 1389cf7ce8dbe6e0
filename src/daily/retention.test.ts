import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { applyRetention, expiredDays } from './retention.js'

describe('expiredDays', () => {
  test('selects real days at least keepDays before today, and nothing else', () => {
    const names = [
      '20241231',
      '20250101',
      '20250102',
      '20250131',
      '20250201',
      '20250230',
      'notes',
      '2025011',
    ]
    expect(expiredDays(names, '20250131', 30)).toEqual(['20241231', '20250101'])
    expect(expiredDays(names, '20250131', 1), 'keep only today').toEqual([
      '20241231',
      '20250101',
      '20250102',
    ])
    expect(expiredDays(names, '20250131', 400), 'everything is recent').toEqual([])
  })

  test('refuses a keepDays that would delete today', () => {
    expect(() => expiredDays([], '20250131', 0)).toThrow('keepDays must be an integer >= 1, got 0')
  })
})

describe('applyRetention', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stressgate-retention-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  test('deletes exactly the expired day folders; files, links and other names stay', async () => {
    const archives = join(dir, 'archives')
    for (const name of ['20241130', '20250101', '20250102', '20250131', '20250230', 'keep-me']) {
      await mkdir(join(archives, name), { recursive: true })
      await writeFile(join(archives, name, 'summary.md'), name)
    }
    await writeFile(join(archives, '20240101'), 'a file named like a day')
    const outside = join(dir, 'outside')
    await mkdir(outside)
    await writeFile(join(outside, 'precious.txt'), 'x')
    await symlink(outside, join(archives, '20240102'))

    const result = await applyRetention(archives, '20250131', 30)
    expect(result.deleted, 'deleted').toEqual(['20241130', '20250101'])
    expect(result.kept, 'kept day folders').toEqual(['20250102', '20250131'])
    expect((await readdir(archives)).sort()).toEqual([
      '20240101',
      '20240102',
      '20250102',
      '20250131',
      '20250230',
      'keep-me',
    ])
    expect(await readdir(outside), 'the link target is untouched').toEqual(['precious.txt'])
  })

  test('a missing archive folder is nothing to do', async () => {
    expect(await applyRetention(join(dir, 'none'), '20250131', 30)).toEqual({
      deleted: [],
      kept: [],
    })
  })
})
