import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { freePort } from '../services/free-port.js'
import { startLocalRedis } from '../services/local-redis.js'
import { checkService, checkServices } from './services.js'

describe('checkService', () => {
  test('a dead STRESS_REDIS_URL fails with the probe message', async () => {
    const port = await freePort()
    const result = await checkService('redis', {
      env: { STRESS_REDIS_URL: `redis://127.0.0.1:${port}` },
      timeoutMs: 1_000,
    })
    expect(result.status).toBe('fail')
    expect(result.name).toBe('redis')
    expect(result.detail).toContain(`connection refused at 127.0.0.1:${port}`)
    expect(result.detail).toContain('STRESS_REDIS_URL')
  })

  test('a live local Redis passes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stressgate-guards-'))
    const redis = await startLocalRedis(dir)
    try {
      const result = await checkService('redis', { env: { STRESS_REDIS_URL: redis.url } })
      expect(result.status).toBe('ok')
      expect(result.detail).toContain(`STRESS_REDIS_URL=${redis.url}`)
    } finally {
      await redis.process.stop()
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('unset URLs with no local binaries warn, never fail', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'stressgate-guards-bin-'))
    try {
      const results = await checkServices({ env: {}, binDirs: [empty] })
      expect(results.map((r) => [r.name, r.status])).toEqual([
        ['redis', 'warn'],
        ['postgres', 'warn'],
        ['pushgateway', 'warn'],
      ])
      expect(results[0]?.detail).toContain('STRESS_REDIS_URL unset and no local redis-server')
      expect(results[1]?.detail).toContain('initdb + postgres')
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })

  test('unset URL with the local binary installed reports its path', async () => {
    const result = await checkService('redis', { env: { PATH: process.env.PATH } })
    expect(result.status).toBe('ok')
    expect(result.detail).toMatch(/STRESS_REDIS_URL unset; local \/\S*redis-server/)
  })
})
