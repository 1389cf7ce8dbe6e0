import { rm } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { leftovers, privateTempParent } from '../../test/helpers/leftovers.js'
import { type LocalServer, startLocalRedis } from '../services/local-redis.js'
import { type StartedFaultProxy, startFaultProxy } from './fault-proxy.js'

// A real redis-server behind the proxy, spoken to with ioredis. Timing bounds are one-sided
// (a toxic never makes a reply faster) with generous upper bounds for a noisy 2-core machine.

let dir: string
let redis: LocalServer
beforeAll(async () => {
  dir = await privateTempParent('faults')
  redis = await startLocalRedis(dir)
})
afterAll(async () => {
  await redis?.process.stop()
  expect((await leftovers(dir)).processes, 'every server stopped').toEqual([])
  await rm(dir, { recursive: true, force: true })
})

async function proxyToRedis(): Promise<StartedFaultProxy> {
  const { hostname, port } = new URL(redis.url)
  return startFaultProxy({ upstream: { host: hostname, port: Number(port) } })
}

/** A client that never retries or reconnects, so each fault shows as it is. */
async function client(proxy: StartedFaultProxy, errors: Error[]): Promise<Redis> {
  const redisClient = new Redis({
    host: proxy.host,
    port: proxy.port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  redisClient.on('error', (error: Error) => errors.push(error))
  await redisClient.connect()
  return redisClient
}

async function timedPing(redisClient: Redis): Promise<number> {
  const start = performance.now()
  expect(await redisClient.ping()).toBe('PONG')
  return performance.now() - start
}

describe('fault proxy in front of a real Redis', () => {
  test('latency adds its delay to a PING, and stops adding it once removed', async () => {
    await using proxy = await proxyToRedis()
    const errors: Error[] = []
    const redisClient = await client(proxy, errors)
    try {
      await timedPing(redisClient)
      proxy.addToxic({ type: 'latency', attributes: { latency: 150, jitter: 20 } })
      const slow = await timedPing(redisClient)
      expect(slow, 'PING with 150 ± 20 ms latency').toBeGreaterThanOrEqual(129)
      expect(slow).toBeLessThan(3_000)
      proxy.addToxic({ name: 'more', type: 'latency', attributes: { latency: 200 } })
      expect(await timedPing(redisClient), 'two latencies add up').toBeGreaterThanOrEqual(329)
      proxy.removeToxic('latency_downstream')
      proxy.removeToxic('more')
      expect(await timedPing(redisClient), 'after removal').toBeLessThan(120)
      expect(errors).toEqual([])
    } finally {
      redisClient.disconnect()
    }
  })

  test('latency upstream delays the command on its way to Redis', async () => {
    await using proxy = await proxyToRedis()
    const redisClient = await client(proxy, [])
    try {
      proxy.addToxic({ type: 'latency', stream: 'upstream', attributes: { latency: 150 } })
      expect(await timedPing(redisClient)).toBeGreaterThanOrEqual(149)
    } finally {
      redisClient.disconnect()
    }
  })

  test('reset_peer makes the client see ECONNRESET after the timeout', async () => {
    await using proxy = await proxyToRedis()
    const errors: Error[] = []
    const redisClient = await client(proxy, errors)
    try {
      await timedPing(redisClient)
      proxy.addToxic({ type: 'reset_peer', attributes: { timeout: 200 } })
      const start = performance.now()
      await expect(redisClient.ping()).rejects.toThrow()
      expect(performance.now() - start, 'reset after the timeout').toBeGreaterThanOrEqual(199)
      expect(errors.map((e) => (e as NodeJS.ErrnoException).code)).toContain('ECONNRESET')
      await sleep(50)
      expect(proxy.connections()).toBe(0)
    } finally {
      redisClient.disconnect()
    }
  })

  test('timeout 0 leaves a half-open link: no reply and no close', async () => {
    await using proxy = await proxyToRedis()
    const errors: Error[] = []
    const redisClient = await client(proxy, errors)
    let closed = false
    redisClient.on('close', () => {
      closed = true
    })
    try {
      proxy.addToxic({ type: 'timeout', attributes: { timeout: 0 } })
      const reply = redisClient.ping().then(
        () => 'answered',
        () => 'failed',
      )
      const outcome = await Promise.race([reply, sleep(700).then(() => 'still waiting')])
      expect(outcome).toBe('still waiting')
      expect(closed, 'no close').toBe(false)
      expect(redisClient.status).toBe('ready')
      expect(errors).toEqual([])
    } finally {
      redisClient.disconnect()
    }
  })
})
