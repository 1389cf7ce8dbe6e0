import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { repo } from '../../test/helpers/run-fixture.js'
import { freePort } from '../services/free-port.js'
import { formatGuard, runGuards } from './run-guards.js'

const env = { PATH: process.env.PATH }

describe('runGuards', () => {
  test('runs every check, in a fixed order, on this repository', async () => {
    const results = await runGuards({
      root: repo,
      metricsPort: await freePort(),
      minFreeMb: 0,
      env,
    })
    expect(results.map((r) => r.name)).toEqual([
      'toolchain',
      'ports',
      'redis',
      'postgres',
      'pushgateway',
      'disk',
      'config',
    ])
    expect(results.filter((r) => r.status === 'fail')).toEqual([])
  })

  test('a held port and a dead Redis URL fail; the rest still run', async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const held = (server.address() as { port: number }).port
    const dead = await freePort()
    const root = await mkdtemp(join(tmpdir(), 'stressgate-guards-run-'))
    try {
      const results = await runGuards({
        root,
        metricsPort: false,
        ports: [held],
        minFreeMb: 0,
        env: { ...env, STRESS_REDIS_URL: `redis://127.0.0.1:${dead}` },
        probeTimeoutMs: 1_000,
      })
      const byName = Object.fromEntries(results.map((r) => [r.name, r]))
      expect(byName.ports?.status).toBe('fail')
      expect(byName.ports?.detail).toContain(`127.0.0.1:${held} in use`)
      expect(byName.redis?.status).toBe('fail')
      expect(byName.config?.status).toBe('fail')
      expect(byName.toolchain?.status).toBe('fail')
      expect(byName.disk?.status).not.toBe('fail')
    } finally {
      server.close()
      await rm(root, { recursive: true, force: true })
    }
  })
})

describe('formatGuard', () => {
  test('one line per check, the fix after a colon', () => {
    expect(
      formatGuard({ name: 'toolchain', status: 'ok', detail: 'node v20.20.2, npm 11.1.0' }),
    ).toBe('OK   toolchain  node v20.20.2, npm 11.1.0')
    expect(
      formatGuard({
        name: 'ports',
        status: 'fail',
        detail: '127.0.0.1:8000 in use (pid unknown)',
        fix: 'stop what uses it or pass --metrics-port',
      }),
    ).toBe(
      'FAIL ports  127.0.0.1:8000 in use (pid unknown): stop what uses it or pass --metrics-port',
    )
    expect(formatGuard({ name: 'redis', status: 'warn', detail: 'x', fix: 'y' })).toBe(
      'WARN redis  x: y',
    )
  })
})
