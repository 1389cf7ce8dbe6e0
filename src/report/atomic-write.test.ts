import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { writeFileAtomic } from './atomic-write.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stressgate-atomic-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('writeFileAtomic', () => {
  test('creates missing directories, replaces the old content and leaves no temp file', async () => {
    const file = join(dir, 'nested', 'report.json')
    await writeFileAtomic(file, 'first')
    await writeFileAtomic(file, 'second')
    expect(await readFile(file, 'utf8')).toBe('second')
    expect(await readdir(join(dir, 'nested'))).toEqual(['report.json'])
  })

  test('a failed write leaves the previous file intact and cleans up', async () => {
    const file = join(dir, 'report.json')
    await writeFileAtomic(file, 'kept')
    // The target is a directory now: the rename fails after the temp file was written.
    const blocked = join(dir, 'blocked')
    await writeFileAtomic(join(blocked, 'x'), 'x')
    await expect(writeFileAtomic(blocked, 'new')).rejects.toThrow()
    expect(await readFile(file, 'utf8')).toBe('kept')
    expect((await readdir(dir)).sort()).toEqual(['blocked', 'report.json'])
  })
})
