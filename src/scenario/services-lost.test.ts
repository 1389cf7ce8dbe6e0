import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { privateTempParent } from '../../test/helpers/leftovers.js'
import { constantLatency } from '../broker/latency.js'
import { systemClock } from '../common/clock.js'
import { referenceGovernor } from '../governor/reference-governor.js'
import { constantRate } from '../load/constant-rate.js'
import { gbm } from '../market/jump-diffusion.js'
import { freePort } from '../services/free-port.js'
import { type LocalServer, startLocalRedis } from '../services/local-redis.js'
import type { ServiceConnections, ServiceEndpoint } from '../services/service-types.js'
import { runScenario } from './run-scenario.js'

let dir: string
let redis: LocalServer
beforeAll(async () => {
  dir = await privateTempParent('services-lost')
  redis = await startLocalRedis(dir)
})
afterAll(async () => {
  await redis.process.stop()
  await rm(dir, { recursive: true, force: true })
})

const endpoint = (service: ServiceEndpoint['service'], url: string): ServiceEndpoint => ({
  service,
  backend: 'external',
  url,
  detail: url,
  startMs: 0,
})

describe('a service lost mid-run', () => {
  test('Redis killed under a pipeline and the control loop: FAILED, naming Redis and when', async () => {
    const connections: ServiceConnections = {
      mode: 'external',
      redis: endpoint('redis', redis.url),
      // No database: history is a side effect, a warning; this scenario does not depend on it.
      postgres: endpoint('postgres', `postgres://x@127.0.0.1:${await freePort()}/db`),
      pushgateway: { ...endpoint('pushgateway', ''), backend: 'none' },
    }
    const killAt = setTimeout(() => redis.process.signal('SIGKILL'), 1_000)
    const result = await runScenario({
      name: 'redis_killed',
      seed: 5,
      engine: referenceGovernor({ maxPositionUsd: 250_000, maxDrawdownPct: 15 }),
      market: gbm({ sigma: 0.2 }),
      load: constantRate({ perSecond: 200, durationMs: 3_000 }),
      clock: systemClock(),
      venue: { entryLatency: constantLatency(2), fillLatency: constantLatency(3) },
      pipeline: true,
      redisControl: true,
      services: { runId: 'lost', connections },
      drainTimeoutMs: 1_000,
      maxScheduleLagMs: 50,
    })
    clearTimeout(killAt)
    expect(result.state).toBe('failed')
    if (result.state !== 'failed') return
    const lost = result.failures.find((f) => f.id === 'services_lost')
    expect(lost, JSON.stringify(result.failures)).toBeDefined()
    expect(lost?.description).toMatch(
      /^services healthy for the whole run \(redis lost at \d+ ms: /,
    )
    const at = result.servicesHealth?.lost.find((l) => l.service === 'redis')?.atMs ?? 0
    expect(at, 'found gone soon after the kill').toBeGreaterThan(900)
    expect(at).toBeLessThan(3_000)
    expect(result.decisions.dispatched, 'the run went on to its end').toBe(600)
  })
})
