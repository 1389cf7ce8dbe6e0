import { rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { leftovers, privateTempParent } from '../../test/helpers/leftovers.js'
import { freePort } from './free-port.js'
import { startLocalPostgres } from './local-postgres.js'
import { onFreePort, startLocalRedis } from './local-redis.js'
import { probePostgres, probeRedis } from './probes.js'
import { ServiceUnreachableError } from './service-error.js'

let dir: string
beforeAll(async () => {
  dir = await privateTempParent('local')
})
afterAll(async () => {
  expect((await leftovers(dir)).processes, 'every server stopped').toEqual([])
  await rm(dir, { recursive: true, force: true })
})

describe('local binaries', () => {
  test('Redis with a password: the right one works, a wrong one is named as the problem', async () => {
    const redis = await startLocalRedis(dir, { password: 's3cret' })
    try {
      expect(redis.url).toMatch(/^redis:\/\/:s3cret@127\.0\.0\.1:\d+$/)
      await expect(probeRedis(redis.url)).resolves.toMatch(/^\d+\.\d+/)
      const wrong = redis.url.replace('s3cret', 'nope')
      await expect(probeRedis(wrong)).rejects.toThrow(ServiceUnreachableError)
      await expect(probeRedis(wrong)).rejects.toThrow(
        /Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ is not usable: authentication failed .*Fix the user\/password in STRESS_REDIS_URL/,
      )
    } finally {
      await redis.process.stop()
    }
    expect(redis.process.isRunning()).toBe(false)
  })

  test('PostgreSQL as a non-root account with a password; a wrong password is named', async () => {
    const db = await startLocalPostgres(dir, { password: 'pw' })
    try {
      await expect(probePostgres(db.url)).resolves.toMatch(/^PostgreSQL \d+/)
      await expect(probePostgres(db.url.replace('/postgres', '/nope'))).rejects.toThrow(
        /database "nope" does not exist\. Create the database or fix its name in STRESS_DATABASE_URL\./,
      )
      await expect(probePostgres(db.url.replace(':pw@', ':bad@'))).rejects.toThrow(
        /PostgreSQL at postgres:\/\/stressgate:\*\*\*@127\.0\.0\.1:\d+\/postgres is not usable: authentication failed/,
      )
    } finally {
      await db.process.stop()
    }
  })

  test('a port in use is a clear error naming the port', async () => {
    const port = await freePort()
    const blocker: Server = createServer()
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve))
    try {
      await expect(startLocalRedis(dir, { port, timeoutMs: 5_000 })).rejects.toThrow(
        new RegExp(
          `redis-server on port ${port} did not start: redis-server exited: [\\s\\S]*Address already in use`,
        ),
      )
    } finally {
      blocker.close()
    }
  })

  test('nothing listening is "connection refused" with the host and port', async () => {
    const port = await freePort()
    await expect(probeRedis(`redis://127.0.0.1:${port}`)).rejects.toThrow(
      `Redis at redis://127.0.0.1:${port} is not usable: connection refused at 127.0.0.1:${port}: nothing listens there. Start Redis or fix the host/port in STRESS_REDIS_URL.`,
    )
  })

  test('onFreePort retries on "address in use" only, at most three times', async () => {
    let calls = 0
    const inUse = (e: unknown) => /in use/.test(String(e))
    const fake = { url: 'x', detail: 'x', process: {} as never }
    await expect(
      onFreePort(async () => {
        calls++
        if (calls < 3) throw new Error('address in use')
        return fake
      }, inUse),
    ).resolves.toBe(fake)
    expect(calls).toBe(3)
    calls = 0
    await expect(
      onFreePort(async () => {
        calls++
        throw new Error('address in use')
      }, inUse),
    ).rejects.toThrow('address in use')
    expect(calls).toBe(3)
    calls = 0
    await expect(
      onFreePort(async () => {
        calls++
        throw new Error('binary crashed')
      }, inUse),
    ).rejects.toThrow('binary crashed')
    expect(calls).toBe(1)
  })
})
