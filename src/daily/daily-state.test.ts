import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { type DailyState, type ProcessRecord, readState, StateStore } from './daily-state.js'

const record = (name: ProcessRecord['name'], pid: number): ProcessRecord => ({
  name,
  pid,
  startTime: '42',
  marker: name,
  command: [name],
  port: 1000 + pid,
  url: `x://127.0.0.1:${1000 + pid}`,
  log: `${name}.log`,
  startedAt: '2025-01-31T08:00:00.000Z',
  ready: true,
})

const empty: DailyState = {
  version: 1,
  day: '20250131',
  services: 'local',
  updatedAt: '2025-01-31T08:00:00.000Z',
  processes: {},
}

let dir: string
let file: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stressgate-state-'))
  file = join(dir, 'daily', 'state.json')
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('state file', () => {
  test('none, then what the store wrote, entry by entry', () => {
    expect(readState(file)).toEqual({ kind: 'none' })
    const at = new Date('2025-01-31T09:00:00.000Z')
    const store = new StateStore(file, empty, () => at)
    store.put(record('redis', 11))
    expect(readState(file), 'written at the first put').toEqual({
      kind: 'found',
      state: { ...empty, updatedAt: at.toISOString(), processes: { redis: record('redis', 11) } },
    })
    store.put(record('postgres', 12))
    store.remove('redis')
    const read = readState(file)
    expect(read.kind === 'found' && Object.keys(read.state.processes)).toEqual(['postgres'])
  })

  test('writes leave no temporary file behind', async () => {
    const store = new StateStore(file, empty)
    for (let i = 0; i < 5; i++) store.put(record('redis', 20 + i))
    expect(await readdir(join(dir, 'daily'))).toEqual(['state.json'])
  })

  test('a broken file is moved aside and reported, never silently reused', async () => {
    new StateStore(file, empty).put(record('redis', 11))
    await writeFile(file, '{"version": 1, "day": "2025013')
    const at = new Date('2025-01-31T10:11:12.345Z')
    const read = readState(file, at)
    expect(read.kind).toBe('broken')
    if (read.kind !== 'broken') return
    expect(read.movedTo).toBe(`${file}.broken-2025-01-31T10-11-12-345Z`)
    expect(read.why).toMatch(/^not JSON/)
    expect(existsSync(file), 'the next write starts clean').toBe(false)
    expect(await readFile(read.movedTo, 'utf8')).toBe('{"version": 1, "day": "2025013')

    await writeFile(file, JSON.stringify({ version: 2, processes: {} }))
    const other = readState(file, at)
    expect(other.kind === 'broken' && other.why).toBe('not a stressgate daily state (version 1)')
  })
})
