import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { type DailyState, readState, StateStore } from './daily-state.js'
import { stopDetached } from './detached-process.js'
import { ensureProcess } from './ensure-process.js'
import type { Launcher } from './launchers.js'
import { processStatus } from './process-identity.js'

const MARKER = 'stressgate-ensure-test'
let dir: string
let store: StateStore
const pids: { pid: number; startTime?: string; marker: string }[] = []

/** A real HTTP server on 127.0.0.1 in a detached node process, named "redis" for the state. */
function fakeServer(options: { answers?: boolean; onProbe?: () => void } = {}): Launcher {
  const answers = options.answers ?? true
  return {
    name: 'redis',
    marker: MARKER,
    readyTimeoutMs: answers ? 20_000 : 1_500,
    launch: (port) => ({
      executable: process.execPath,
      args: [
        '-e',
        `require('node:http').createServer((q, s) => s.end('ok')).listen(${answers ? port : 0}, '127.0.0.1') // ${MARKER}`,
      ],
      cwd: dir,
    }),
    url: (port) => `http://127.0.0.1:${port}`,
    async probe(url) {
      options.onProbe?.()
      const response = await fetch(url, { signal: AbortSignal.timeout(500) })
      return `answered ${await response.text()}`
    },
  }
}

const track = <T extends { record: { pid: number; startTime?: string } }>(e: T): T => {
  pids.push({ ...e.record, marker: MARKER })
  return e
}

const initial: DailyState = {
  version: 1,
  day: '20250131',
  services: 'local',
  updatedAt: '2025-01-31T08:00:00.000Z',
  processes: {},
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stressgate-ensure-'))
})
beforeEach(() => {
  store = new StateStore(join(dir, 'state.json'), initial)
})
afterAll(async () => {
  const left = readState(join(dir, 'state.json'))
  if (left.kind === 'found') pids.push(...Object.values(left.state.processes))
  for (const identity of pids) await stopDetached(identity, 'SIGKILL', 1_000)
  await rm(dir, { recursive: true, force: true })
})

describe('ensureProcess', () => {
  test('records the PID before waiting for an answer, then reuses the live process', async () => {
    const seen: Array<DailyState['processes']['redis']> = []
    const launcher = fakeServer({
      onProbe: () => {
        const read = readState(store.file)
        if (read.kind === 'found') seen.push(read.state.processes.redis)
      },
    })
    const first = track(await ensureProcess(launcher, store, dir))
    expect(first.action).toBe('started')
    expect(seen[0], 'on disk while starting').toMatchObject({ pid: first.record.pid, ready: false })
    expect(first.record).toMatchObject({ ready: true, detail: 'answered ok', marker: MARKER })
    expect(readState(store.file)).toMatchObject({
      state: { processes: { redis: { ready: true } } },
    })

    const second = await ensureProcess(fakeServer(), store, dir)
    expect(second.action).toBe('reused')
    expect(second.record.pid, 'same process').toBe(first.record.pid)
    await stopDetached(first.record, 'SIGTERM')
  })

  test('a recorded process left "starting" by a crashed up is reused once it answers', async () => {
    const started = track(await ensureProcess(fakeServer(), store, dir))
    store.put({ ...started.record, ready: false, detail: undefined })
    const again = await ensureProcess(fakeServer(), store, dir)
    expect(again.action).toBe('reused')
    expect(readState(store.file)).toMatchObject({
      state: { processes: { redis: { pid: started.record.pid, ready: true } } },
    })
    await stopDetached(started.record, 'SIGTERM')
  })

  test('a dead recorded process is replaced, saying so', async () => {
    const first = track(await ensureProcess(fakeServer(), store, dir))
    await stopDetached(first.record, 'SIGKILL')
    const second = track(await ensureProcess(fakeServer(), store, dir))
    expect(second.action).toBe('restarted')
    expect(second.note).toBe(
      `redis (pid ${first.record.pid}) from the state file is not running any more (crashed, stopped outside stressgate, or the machine restarted): starting a new one`,
    )
    expect(second.record.pid).not.toBe(first.record.pid)
    await stopDetached(second.record, 'SIGTERM')
  })

  test('a server that never answers is stopped and forgotten, with its log in the error', async () => {
    let pid: number | undefined
    const launcher = fakeServer({ answers: false })
    const probe = launcher.probe
    const watching: Launcher = {
      ...launcher,
      probe: (url) => {
        pid ??= store.state.processes.redis?.pid
        return probe(url)
      },
    }
    await expect(ensureProcess(watching, store, dir)).rejects.toThrow(
      /^redis did not start on 127\.0\.0\.1:\d+: not ready within 1500 ms .*Its log \(.*redis\.log\) ends with:/s,
    )
    expect(pid, 'it was recorded while starting').toBeTypeOf('number')
    if (pid !== undefined) pids.push({ pid, marker: MARKER })
    expect(store.state.processes.redis, 'forgotten').toBeUndefined()
    expect(processStatus({ pid: pid ?? 0, marker: MARKER }).state, 'stopped').toBe('gone')
  })
})
