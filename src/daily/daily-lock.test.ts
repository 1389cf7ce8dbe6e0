import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { repo } from '../../test/helpers/run-fixture.js'
import type { CertifyRunner } from './certification-run.js'
import { dailyDown } from './daily-down.js'
import { DailyError } from './daily-error.js'
import { acquireDailyLock, type LockHolder } from './daily-lock.js'
import { type ProcessRecord, readState } from './daily-state.js'
import { dailyUp } from './daily-up.js'
import { stopDetached } from './detached-process.js'
import { processStartTime } from './process-identity.js'

let dir: string
let file: string
const recorded: ProcessRecord[] = []
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stressgate-lock-'))
})
beforeEach(async (context) => {
  file = join(dir, context.task.id, 'lock')
  await mkdir(join(dir, context.task.id), { recursive: true })
})
afterAll(async () => {
  // Whatever a failed test left running, by recorded PID (checked to still be ours).
  for (const record of recorded) await stopDetached(record, 'SIGKILL', 1_000)
  await rm(dir, { recursive: true, force: true })
})

const ownStart = (): string => {
  const start = processStartTime(process.pid)
  if (start === undefined) throw new Error('no /proc: these tests need Linux')
  return start
}

async function writeLock(holder: LockHolder, path = file): Promise<string> {
  const text = `${JSON.stringify(holder)}\n`
  await writeFile(path, text)
  return text
}

const lockOf = async (path = file): Promise<LockHolder> => JSON.parse(await readFile(path, 'utf8'))

/** A child that ran and exited: its PID is dead (and reaped). */
async function deadProcess(): Promise<{ pid: number; startTime: string }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const pid = child.pid
  const startTime = pid === undefined ? undefined : processStartTime(pid)
  if (pid === undefined || startTime === undefined) throw new Error('the child did not start')
  child.kill('SIGKILL')
  await exited
  return { pid, startTime }
}

describe('acquireDailyLock', () => {
  test('a lock held by a live process is refused, naming it and what to do; the lock stays', async () => {
    const text = await writeLock({
      pid: process.pid,
      startTime: ownStart(),
      command: 'down',
      since: '2025-01-31T17:30:00.000Z',
    })
    const lines: string[] = []
    let error: unknown
    try {
      acquireDailyLock(file, 'up', { out: (l) => lines.push(l) })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DailyError)
    expect((error as Error).message).toBe(
      `another "stressgate down" (pid ${process.pid}, running since 2025-01-31T17:30:00.000Z) holds the lock ${file}: two at once would start or stop the same services. Wait for it to finish and rerun; if you are sure it is gone, delete ${file}.`,
    )
    expect(await readFile(file, 'utf8'), 'not touched').toBe(text)
    expect(lines).toEqual([])
  })

  test('no lock: it is created with our pid, start time and command, and released', async () => {
    const lines: string[] = []
    const now = () => new Date('2025-01-31T07:00:00.000Z')
    const lock = acquireDailyLock(file, 'up', { out: (l) => lines.push(l), now })
    expect(await lockOf()).toEqual({
      pid: process.pid,
      startTime: ownStart(),
      command: 'up',
      since: '2025-01-31T07:00:00.000Z',
    })
    expect(() => acquireDailyLock(file, 'down', { out: () => undefined })).toThrow(
      `another "stressgate up" (pid ${process.pid}, running since 2025-01-31T07:00:00.000Z)`,
    )
    lock.release()
    expect(existsSync(file)).toBe(false)
    expect(lines).toEqual([])
  })

  test('the lock of a dead process is taken over, and said so', async () => {
    const dead = await deadProcess()
    await writeLock({ ...dead, command: 'up', since: '2025-01-30T07:00:00.000Z' })
    const lines: string[] = []
    const lock = acquireDailyLock(file, 'down', { out: (l) => lines.push(l) })
    expect(lines).toEqual([
      `took over the lock of "stressgate up" (pid ${dead.pid}, running since 2025-01-30T07:00:00.000Z): that process is gone (${file})`,
    ])
    expect(await lockOf()).toMatchObject({
      pid: process.pid,
      startTime: ownStart(),
      command: 'down',
    })
    lock.release()
    expect(existsSync(file)).toBe(false)
  })

  test('a live pid with another start time (the pid was reused) is taken over', async () => {
    await writeLock({
      pid: process.pid,
      startTime: String(Number(ownStart()) - 1),
      command: 'up',
      since: '2025-01-30T07:00:00.000Z',
    })
    const lines: string[] = []
    const lock = acquireDailyLock(file, 'up', { out: (l) => lines.push(l) })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(`took over the lock of "stressgate up" (pid ${process.pid},`)
    expect(await lockOf()).toMatchObject({ pid: process.pid, startTime: ownStart() })
    lock.release()
    expect(existsSync(file)).toBe(false)
  })

  test('a stale lock being taken over by another run (its .takeover file) is left to it', async () => {
    const dead = await deadProcess()
    const text = await writeLock({ ...dead, command: 'up', since: '2025-01-30T07:00:00.000Z' })
    await writeFile(`${file}.takeover`, 'another run')
    expect(() => acquireDailyLock(file, 'up', { out: () => undefined })).toThrow(
      `another "stressgate up" or "down" is taking over the stale lock ${file} right now`,
    )
    expect(await readFile(file, 'utf8')).toBe(text)
  })

  test('a lock file naming no holder is refused, not deleted', async () => {
    await writeFile(file, '')
    expect(() => acquireDailyLock(file, 'up', { out: () => undefined })).toThrow(
      `the lock file ${file} exists but does not name its holder`,
    )
    expect(existsSync(file)).toBe(true)
  })

  test('release leaves a lock that is not ours any more', async () => {
    const lock = acquireDailyLock(file, 'up', { out: () => undefined })
    const other = await writeLock({
      pid: process.pid,
      startTime: ownStart(),
      command: 'down',
      since: 'later',
    })
    lock.release()
    expect(await readFile(file, 'utf8')).toBe(other)
  })
})

describe('dailyUp and dailyDown hold the lock while they run', () => {
  test('released after they return and after they throw; refused while another holds it', async () => {
    const work = join(dir, 'daily')
    const options = {
      root: join(repo, 'test/fixtures/certify-project'),
      stateDir: join(work, 'state'),
      reportDir: join(work, 'reports'),
      archiveDir: join(work, 'archives'),
    }
    const lockFile = join(work, 'state', 'lock')
    const stateFile = join(work, 'state', 'state.json')
    const seen: LockHolder[] = []
    /** Records the lock at the time of the certification, then fails or exits 2 (no report). */
    const runner =
      (fail: boolean): CertifyRunner =>
      async () => {
        seen.push(await lockOf(lockFile))
        if (fail) throw new Error('the certification broke')
        return 2
      }
    const deps = (fail: boolean) => ({ runCertify: runner(fail), out: () => undefined })
    const remember = () => {
      const read = readState(stateFile)
      if (read.kind === 'found') recorded.push(...Object.values(read.state.processes))
    }

    const up = { ...options, services: 'embedded' as const, metricsPort: 0, day: '20250131' }
    await expect(dailyUp(up, deps(true))).rejects.toThrow('the certification broke')
    remember()
    expect(seen.map((h) => [h.pid, h.command])).toEqual([[process.pid, 'up']])
    expect(existsSync(lockFile), 'released after dailyUp threw').toBe(false)

    const result = await dailyUp(up, deps(false))
    remember()
    expect(result.exitCode).toBe(2)
    expect(seen.map((h) => h.command)).toEqual(['up', 'up'])
    expect(existsSync(lockFile), 'released after dailyUp returned').toBe(false)

    const held = await writeLock(
      { pid: process.pid, startTime: ownStart(), command: 'up', since: '2025-01-31T07:00:00.000Z' },
      lockFile,
    )
    await expect(dailyDown({ ...options, day: '20250131' }, deps(false))).rejects.toThrow(
      `another "stressgate up" (pid ${process.pid}, running since 2025-01-31T07:00:00.000Z) holds the lock ${lockFile}`,
    )
    await expect(dailyUp(up, deps(false))).rejects.toThrow(DailyError)
    expect(seen, 'refused before certifying').toHaveLength(2)
    expect(readState(stateFile).kind, 'nothing stopped: the state is still there').toBe('found')
    expect(await readFile(lockFile, 'utf8'), "the holder's lock is left alone").toBe(held)
    await rm(lockFile)

    const down = await dailyDown({ ...options, day: '20250131' }, deps(false))
    expect(down.stopped.map((s) => [s.name, s.outcome])).toEqual([['metrics', 'stopped']])
    expect(seen.map((h) => [h.pid, h.command]).at(-1)).toEqual([process.pid, 'down'])
    expect(existsSync(lockFile), 'released after dailyDown returned').toBe(false)

    // The day is closed and nothing runs: a second down is a no-op, certifying nothing.
    const again = await dailyDown({ ...options, day: '20250131' }, deps(true))
    expect(again.summary).toMatch(/^day 20250131 is already closed/)
    expect(
      seen.map((h) => h.command),
      'no certification',
    ).toEqual(['up', 'up', 'down'])

    await dailyUp(up, deps(false)) // a new cycle the same day
    remember()
    await expect(dailyDown({ ...options, day: '20250131' }, deps(true))).rejects.toThrow(
      'the certification broke',
    )
    expect(seen.map((h) => h.command)).toEqual(['up', 'up', 'down', 'up', 'down'])
    expect(existsSync(lockFile), 'released after dailyDown threw').toBe(false)
  }, 60_000)
})
