import { mkdir, rm, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { leftovers, privateTempParent } from '../../test/helpers/leftovers.js'
import { connectPostgres, connectRedis } from './clients.js'
import { findBinary } from './find-binary.js'
import { freePort } from './free-port.js'
import { ServiceProvisionError, ServiceUnreachableError } from './service-error.js'
import { startServices } from './start-services.js'

let parent: string
const warnings: string[] = []
const quiet = { warn: (m: string) => warnings.push(m), watchProcess: false }

beforeAll(async () => {
  parent = await privateTempParent('services')
})
afterAll(async () => {
  await rm(parent, { recursive: true, force: true })
})

describe('startServices', () => {
  test("'local' starts real servers, hands out working URLs, and leaves nothing behind", async () => {
    const services = await startServices({ mode: 'local', tempParent: parent, ...quiet })
    try {
      const { redis, postgres, pushgateway } = services.connections
      expect([redis.backend, postgres.backend, pushgateway.backend]).toEqual([
        'local',
        'local',
        'local',
      ])
      expect(redis.detail).toMatch(/^redis-server \d+\.\d+\.\d+ \(pid \d+\)$/)
      const running = await leftovers(parent)
      expect(running.dirs).toHaveLength(1)
      const pids = [redis, postgres, pushgateway].map((s) => /pid (\d+)/.exec(s.detail)?.[1])
      for (const pid of pids)
        expect(
          running.processes.some((p) => p.startsWith(`${pid}: `)),
          `pid ${pid}`,
        ).toBe(true)

      const client = await connectRedis(redis)
      expect(await client.ping()).toBe('PONG')
      client.disconnect()
      const pool = connectPostgres(postgres)
      expect((await pool.query('select 40 + 2 as n')).rows).toEqual([{ n: 42 }])
      await pool.end()
      expect((await fetch(`${pushgateway.url}/-/healthy`)).status).toBe(200)
    } finally {
      await services.stop()
    }
    expect(await leftovers(parent)).toEqual({ dirs: [], processes: [] })
  })

  test("'external' uses the STRESS_*_URL servers as they are", async () => {
    await using real = await startServices({ mode: 'local', tempParent: parent, ...quiet })
    const env = {
      STRESS_REDIS_URL: real.connections.redis.url,
      STRESS_DATABASE_URL: real.connections.postgres.url,
      STRESS_PUSHGATEWAY_URL: real.connections.pushgateway.url,
    }
    const external = await startServices({ mode: 'external', env, ...quiet })
    expect(external.connections.redis).toMatchObject({
      backend: 'external',
      url: env.STRESS_REDIS_URL,
    })
    expect(external.connections.postgres.detail).toMatch(/^STRESS_DATABASE_URL \(PostgreSQL \d+/)
    expect(external.connections.pushgateway.backend).toBe('external')
    await external.stop()
    const client = await connectRedis(real.connections.redis)
    expect(await client.ping(), 'stopping external services leaves them running').toBe('PONG')
    client.disconnect()
  })

  test('a URL that is set but dead is an error, never a silent fallback', async () => {
    const port = await freePort()
    const attempt = startServices({
      mode: 'auto',
      env: { STRESS_REDIS_URL: `redis://127.0.0.1:${port}` },
      tempParent: parent,
      ...quiet,
    })
    await expect(attempt).rejects.toThrow(ServiceUnreachableError)
    await expect(
      startServices({
        mode: 'auto',
        env: { STRESS_REDIS_URL: `redis://127.0.0.1:${port}` },
        tempParent: parent,
        ...quiet,
      }),
    ).rejects.toThrow(`connection refused at 127.0.0.1:${port}`)
  })

  test("'embedded' serves PostgreSQL from PGlite over the wire and Redis in-process", async () => {
    await using services = await startServices({ mode: 'embedded', ...quiet })
    const { redis, postgres, pushgateway } = services.connections
    expect(redis).toMatchObject({ backend: 'embedded', url: 'embedded://redis' })
    expect(pushgateway.backend).toBe('none')
    const client = await connectRedis(redis)
    await client.set('k', 'v')
    expect(await client.get('k')).toBe('v')
    client.disconnect()
    const pool = connectPostgres(postgres)
    expect((await pool.query('select 1 + 1 as n')).rows).toEqual([{ n: 2 }])
    await pool.end()
  })

  test("'require-real' with no runtime and no binaries fails listing every attempt", async () => {
    const error = await startServices({
      mode: 'require-real',
      env: {},
      binDirs: [],
      tempParent: parent,
      ...quiet,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ServiceProvisionError)
    const message = (error as Error).message
    expect(message).toContain("Could not provide redis (services: 'require-real'). Tried:")
    expect(message).toContain('  - external: STRESS_REDIS_URL not set')
    expect(message).toMatch(/ {2}- testcontainers: no container runtime: /)
    expect(message).toContain(
      '  - local: failed: redis-server not found on PATH. Install it: apt-get install redis-server',
    )
    expect(message).toContain(
      'Fix: set STRESS_REDIS_URL=redis://127.0.0.1:6379, install redis-server',
    )
    expect(message).not.toContain('embedded')
  })

  test("'testcontainers' without a container runtime says so", async () => {
    await expect(startServices({ mode: 'testcontainers', env: {}, ...quiet })).rejects.toThrow(
      /Tried:\n {2}- testcontainers: no container runtime: .+\nFix: .*, or use services: 'auto' to fall back to the embedded one\./,
    )
  })

  test('a failure part-way stops what was already started', async () => {
    const onlyRedis = join(parent, 'only-redis-bin')
    await mkdir(onlyRedis)
    await symlink(findBinary('redis-server') ?? 'missing', join(onlyRedis, 'redis-server'))
    await expect(
      startServices({ mode: 'local', env: {}, binDirs: [onlyRedis], tempParent: parent, ...quiet }),
    ).rejects.toThrow(/Could not provide postgres[\s\S]*initdb\/postgres not found/)
    expect(await leftovers(parent)).toEqual({ dirs: [], processes: [] })
    await rm(onlyRedis, { recursive: true })
  })

  test('an unknown mode names the allowed ones', async () => {
    await expect(startServices({ mode: 'docker' as 'auto', ...quiet })).rejects.toThrow(
      `services: "docker" is not a services mode; allowed: 'auto', 'external', 'testcontainers', 'local', 'embedded', 'require-real'.`,
    )
  })
})
