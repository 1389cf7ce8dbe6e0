import { describe, expect, test } from 'vitest'
import { virtualRun } from '../../test/helpers/virtual-run.js'
import { VirtualClock } from '../common/clock.js'
import { constantRate } from '../load/constant-rate.js'
import { flashCrash } from '../market/flash-crash.js'
import { freePort } from '../services/free-port.js'
import type { ServiceConnections, ServiceEndpoint } from '../services/service-types.js'
import { startServices } from '../services/start-services.js'
import { setAmbientServices } from './ambient-services.js'
import { runScenario } from './run-scenario.js'

const endpoint = (
  service: ServiceEndpoint['service'],
  backend: ServiceEndpoint['backend'],
  url: string,
): ServiceEndpoint => ({
  service,
  backend,
  url,
  detail: `${backend} ${service}`,
  startMs: 0,
})

describe('runScenario with services', () => {
  test('mirrors positions to Redis and stores history on the embedded services', async () => {
    await using services = await startServices({
      mode: 'embedded',
      warn: () => undefined,
      watchProcess: false,
    })
    setAmbientServices({ runId: 'unit-run', connections: services.connections })
    try {
      const result = await virtualRun('with_services', { approveAll: true })
      expect(result.services).toMatchObject({
        runId: 'unit-run',
        backends: {
          redis: { backend: 'embedded' },
          postgres: { backend: 'embedded' },
          pushgateway: { backend: 'none' },
        },
        redisPositionsMatch: true,
        historyStored: true,
        warnings: [],
      })
    } finally {
      setAmbientServices(undefined)
    }
  })

  test('a dead database is a warning in the result, and the run is complete without it', async () => {
    const deadPort = await freePort()
    const connections: ServiceConnections = {
      mode: 'external',
      redis: endpoint('redis', 'embedded', 'embedded://redis'),
      postgres: endpoint('postgres', 'external', `postgres://x@127.0.0.1:${deadPort}/db`),
      pushgateway: endpoint('pushgateway', 'none', ''),
    }
    setAmbientServices({ runId: 'degraded', connections })
    try {
      const result = await virtualRun('dead_database')
      expect(result.state).toBe('passed')
      expect(result.latency.decision.count).toBe(100)
      expect(result.services?.historyStored).toBe(false)
      expect(result.services?.redisPositionsMatch).toBe(true)
      expect(result.services?.warnings).toEqual([
        expect.stringMatching(
          /^PostgreSQL \(external\) unusable, history not stored: .*ECONNREFUSED/,
        ),
      ])
    } finally {
      setAmbientServices(undefined)
    }
  })

  test('services: false runs without them even when some are provided', async () => {
    setAmbientServices({
      runId: 'ignored',
      connections: {
        mode: 'external',
        redis: endpoint('redis', 'external', 'redis://127.0.0.1:1'),
        postgres: endpoint('postgres', 'external', 'postgres://x@127.0.0.1:1/db'),
        pushgateway: endpoint('pushgateway', 'none', ''),
      },
    })
    try {
      const result = await runScenario({
        name: 'no_services',
        seed: 1,
        engine: { decide: () => ({ verdict: 'reject', reason: 'x' }) },
        market: flashCrash({ overMs: 200 }),
        load: constantRate({ perSecond: 10, durationMs: 1_000 }),
        clock: new VirtualClock(),
        services: false,
      })
      expect(result.services).toBeUndefined()
    } finally {
      setAmbientServices(undefined)
    }
  })
})

describe('the Redis decision pipeline', () => {
  test('every verdict goes through the queue and is read back: backlog 0, a pipeline latency per decision', async () => {
    await using services = await startServices({
      mode: 'embedded',
      warn: () => undefined,
      watchProcess: false,
    })
    const result = await runScenario({
      name: 'flood_small',
      seed: 1,
      engine: { decide: () => ({ verdict: 'approve' }) },
      market: flashCrash({ overMs: 200 }),
      load: constantRate({ perSecond: 200, durationMs: 1_000 }),
      services: { runId: 'pipe', connections: services.connections },
      pipeline: true,
      criteria: { zeroBacklog: true, pipelineP99Ms: 2_000, errorRatePct: 0.1 },
      maxScheduleLagMs: 50,
    })
    expect(result.pipeline).toMatchObject({ published: 200, consumed: 200, backlog: 0, errors: [] })
    expect(result.pipeline?.batches, 'verdicts are written in batches').toBeGreaterThan(0)
    expect(result.pipeline?.batches).toBeLessThanOrEqual(200)
    expect(result.pipeline?.queueP99Ms, "the harness' own part is measured").toBeGreaterThanOrEqual(
      0,
    )
    expect(result.latency.pipeline.count).toBe(200)
    expect(result.latency.pipeline.minMs, 'read after it was decided').toBeGreaterThanOrEqual(
      result.latency.decision.minMs,
    )
    expect(result.criteria.map((c) => [c.id, c.pass])).toEqual([
      ['hard_limit_breaches', true], // built in
      ['pipeline_p99_ms', true],
      ['redis_backlog', true],
      ['error_rate_pct', true],
      ['max_error_rate_pct', true], // built in
      ['unanswered_decisions', true], // built in
      ['services_lost', true], // built in: the pipeline depends on Redis
    ])
  })

  test('pipeline without Redis is refused with what to do', async () => {
    await expect(
      runScenario({
        name: 'no_redis',
        seed: 1,
        engine: { decide: () => ({ verdict: 'approve' }) },
        market: flashCrash({ overMs: 200 }),
        load: constantRate({ perSecond: 10, durationMs: 1_000 }),
        services: false,
        pipeline: true,
      }),
    ).rejects.toThrow(/pipeline: true needs Redis, and this run has none/)
  })
})
