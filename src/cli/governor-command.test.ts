import { rm } from 'node:fs/promises'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { leftovers, privateTempParent } from '../../test/helpers/leftovers.js'
import { systemClock } from '../common/clock.js'
import { attachRedisControl, type RedisControl } from '../governor/redis-control.js'
import { type ReferenceGovernor, referenceGovernor } from '../governor/reference-governor.js'
import { type LocalServer, startLocalRedis } from '../services/local-redis.js'
import { RedisState } from '../store/redis-state.js'
import { createCli } from './create-cli.js'

// A real redis-server and a live reference governor obeying its flags: the CLI's commands must
// change what the governor does, not only the keys.

let dir: string
let server: LocalServer
let redis: Redis
let governor: ReferenceGovernor
let control: RedisControl
beforeAll(async () => {
  dir = await privateTempParent('governor-cli')
  server = await startLocalRedis(dir)
  redis = new Redis(server.url, { lazyConnect: true })
  await redis.connect()
  governor = referenceGovernor({ maxPositionUsd: 100_000, maxDrawdownPct: 10 })
  control = attachRedisControl(governor, new RedisState(redis), redis, {
    clock: systemClock(),
    pollMs: 10_000, // so only the alert the CLI publishes can make the governor act quickly
  })
})
afterAll(async () => {
  await control?.stop()
  redis?.disconnect()
  await server?.process.stop()
  expect((await leftovers(dir)).processes, 'redis-server stopped').toEqual([])
  await rm(dir, { recursive: true, force: true })
})

async function cli(...argv: string[]) {
  let out = ''
  let err = ''
  const code = await createCli({ out: (t) => (out += t), err: (t) => (err += t) }).run([
    'governor',
    ...argv,
  ])
  return { code, out, err }
}

/** Waits (bounded) for the governor to reach a state; returns the state it ended in. */
async function settles(state: ReferenceGovernor['state']): Promise<string> {
  for (let i = 0; i < 200 && governor.state !== state; i++)
    await new Promise((r) => setTimeout(r, 10))
  return governor.state
}

describe('stressgate governor', () => {
  test('pause, resume, stop drive a live governor through Redis; status shows the flags', async () => {
    expect(governor.state).toBe('ACTIVE')
    const paused = await cli('pause', '--redis-url', server.url, '--reason', 'venue outage')
    expect(paused.err).toBe('')
    expect(paused.code).toBe(0)
    expect(paused.out).toContain('governor: PAUSED')
    expect(paused.out).toMatch(/governor\.pause\s+RAISED: venue outage \(since \d{4}-/)
    expect(await settles('PAUSED'), 'the alert made the governor re-read within 2 s').toBe('PAUSED')

    const resumed = await cli('resume', '--redis-url', server.url)
    expect(resumed.code).toBe(0)
    expect(resumed.out).toContain('governor: trading allowed by the flags')
    expect(await settles('ACTIVE')).toBe('ACTIVE')

    const stopped = await cli('stop', '--redis-url', server.url, '--reason', 'runaway algo')
    expect(stopped.code).toBe(0)
    expect(stopped.out).toContain('governor: EMERGENCY STOP')
    expect(await settles('HALTED')).toBe('HALTED')
    expect(governor.haltReason).toBe('kill switch: governor.emergency_stop: runaway algo')

    const refused = await cli('resume', '--redis-url', server.url)
    expect(refused.code).toBe(1)
    expect(refused.err).toContain(
      'governor.emergency_stop is raised (runaway algo): resume clears it only with --clear-emergency-stop',
    )
    expect(await redis.exists('governor.emergency_stop')).toBe(1)

    const cleared = await cli(
      'resume',
      '--clear-emergency-stop',
      '--redis-url',
      server.url,
      '--json',
    )
    expect(cleared.code).toBe(0)
    expect(JSON.parse(cleared.out)).toEqual({})
    expect(await redis.exists('governor.emergency_stop', 'governor.pause')).toBe(0)
  })

  test('status reads STRESS_REDIS_URL and a bare flag value as the seed scripts wrote it', async () => {
    await redis.set('desk.governor.pause', '1')
    const before = process.env.STRESS_REDIS_URL
    process.env.STRESS_REDIS_URL = server.url
    try {
      const r = await cli('status', '--prefix', 'desk.', '--json')
      expect(r.code).toBe(0)
      expect(JSON.parse(r.out)).toEqual({ pause: { reason: '1' } })
    } finally {
      if (before === undefined) delete process.env.STRESS_REDIS_URL
      else process.env.STRESS_REDIS_URL = before
      await redis.del('desk.governor.pause')
    }
  })

  test('bad input and an unreachable Redis exit 2 with the fix', async () => {
    const before = process.env.STRESS_REDIS_URL
    delete process.env.STRESS_REDIS_URL
    try {
      const none = await cli('status')
      expect(none.code).toBe(2)
      expect(none.err).toContain('pass --redis-url redis://host:port or set STRESS_REDIS_URL')
    } finally {
      if (before !== undefined) process.env.STRESS_REDIS_URL = before
    }
    const action = await cli('halt', '--redis-url', server.url)
    expect(action.code).toBe(2)
    expect(action.err).toContain(
      'unknown governor action "halt": allowed are stop, pause, resume, status',
    )
    const garbled = await cli('status', '--redis-url', 'redis//user:s3cret@host')
    expect(garbled.code).toBe(2)
    expect(garbled.err).toContain('is not a URL')
    expect(garbled.err, 'the password is not echoed').not.toContain('s3cret')
    const scheme = await cli('status', '--redis-url', 'http://127.0.0.1:1')
    expect(scheme.code).toBe(2)
    expect(scheme.err).toContain('the scheme must be redis: or rediss:, got http:')
    // Port 1 on loopback: nothing listens there.
    const dead = await cli('status', '--redis-url', 'redis://127.0.0.1:1')
    expect(dead.code).toBe(2)
    expect(dead.err).toContain('cannot reach Redis at redis://127.0.0.1:1')
  })
})
