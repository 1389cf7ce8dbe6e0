import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { waitUntil } from '../services/wait-until.js'
import { spawnDetached, stopDetached } from './detached-process.js'
import { processStartTime, processStatus } from './process-identity.js'

const MARKER = 'stressgate-identity-test'
let dir: string
const started: number[] = []

/** A detached node process that stays until signalled; `ignoreTerm` makes it ignore SIGTERM. */
function startSleeper(ignoreTerm = false) {
  const log = join(dir, `sleeper-${started.length}.log`)
  const code = `${ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} console.log('ready'); setInterval(() => {}, 1000) // ${MARKER}`
  const proc = spawnDetached(process.execPath, ['-e', code], { cwd: dir, log })
  started.push(proc.pid)
  return { pid: proc.pid, startTime: proc.startTime, marker: MARKER, log }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stressgate-identity-'))
})
afterAll(async () => {
  // Whatever a failed test left: by PID, and only if it is still the process started here.
  for (const pid of started) {
    const startTime = processStartTime(pid)
    if (startTime !== undefined)
      await stopDetached({ pid, startTime, marker: MARKER }, 'SIGKILL', 1_000)
  }
  await rm(dir, { recursive: true, force: true })
})

describe('process identity', () => {
  test('the process we started is running; after a stop it is gone', async () => {
    const sleeper = startSleeper()
    expect(sleeper.startTime, 'start time read at spawn').toMatch(/^\d+$/)
    expect(processStatus(sleeper)).toEqual({ state: 'running' })
    expect(await stopDetached(sleeper, 'SIGTERM')).toEqual({ outcome: 'stopped' })
    expect(processStatus(sleeper)).toEqual({ state: 'gone' })
    expect(await stopDetached(sleeper, 'SIGTERM'), 'a second stop').toEqual({
      outcome: 'not-running',
    })
  })

  test('a reused PID (other start time, or other command) is never signalled', async () => {
    const sleeper = startSleeper()
    const otherStart = { ...sleeper, startTime: String(Number(sleeper.startTime) - 1) }
    const status = processStatus(otherStart)
    expect(status.state).toBe('reused')
    expect(status.state === 'reused' && status.why).toContain(
      `pid ${sleeper.pid} started at tick ${sleeper.startTime}, not ${otherStart.startTime}`,
    )
    const stop = await stopDetached(otherStart, 'SIGKILL')
    expect(stop.outcome).toBe('pid-reused')
    const otherCommand = { ...sleeper, marker: 'redis-server' }
    expect(processStatus(otherCommand).state).toBe('reused')
    expect((await stopDetached(otherCommand, 'SIGKILL')).outcome).toBe('pid-reused')
    expect(processStatus(sleeper), 'still alive: nothing was sent').toEqual({ state: 'running' })
    await stopDetached(sleeper, 'SIGTERM')
  })

  test('a process ignoring the stop signal is killed after the grace period', async () => {
    const stubborn = startSleeper(true)
    // It prints once its SIGTERM handler is installed.
    await waitUntil(
      async () => {
        if (!(await readFile(stubborn.log, 'utf8')).includes('ready')) throw new Error('not yet')
      },
      { timeoutMs: 20_000 },
    )
    expect(await stopDetached(stubborn, 'SIGTERM', 500)).toEqual({ outcome: 'killed' })
    expect(processStatus(stubborn).state).toBe('gone')
  })

  test('no such PID is gone', () => {
    expect(processStatus({ pid: 2 ** 22 + 7, marker: MARKER })).toEqual({ state: 'gone' })
    expect(processStatus({ pid: 1, marker: MARKER }), 'never init').toEqual({ state: 'gone' })
  })
})
