import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { privateTempParent } from '../../test/helpers/leftovers.js'
import { freePort } from '../services/free-port.js'
import { startLocalPushgateway } from '../services/local-pushgateway.js'
import type { LocalServer } from '../services/local-redis.js'
import { METRIC } from './metric-names.js'
import { startMetricsServer } from './metrics-server.js'
import { pushMetrics } from './push-metrics.js'
import { createRunMetrics } from './run-metrics.js'

let dir: string
let gateway: LocalServer
beforeAll(async () => {
  dir = await privateTempParent('push')
  gateway = await startLocalPushgateway(dir)
})
afterAll(async () => {
  await gateway.process.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('pushMetrics to a real Pushgateway', () => {
  test('a run is pushed under its grouping key and reads back', async () => {
    const m = createRunMetrics({ scenario: 'flash_crash', runId: 'run-7' })
    for (const ms of [3, 12, 30]) m.observeDecision(ms, 'approve')
    m.breach()
    const outcome = await pushMetrics(m.registry, {
      url: gateway.url,
      job: 'stressgate',
      groupings: { scenario: 'flash_crash', run_id: 'run-7' },
    })
    expect(outcome).toEqual({ ok: true, attempts: 1 })
    const text = await (await fetch(`${gateway.url}/metrics`)).text()
    const line = (name: string) =>
      text.split('\n').find((l) => l.startsWith(name) && l.includes('run_id="run-7"'))
    expect(line(`${METRIC.hardLimitBreaches}{`)).toMatch(/ 1$/)
    expect(line(`${METRIC.decisionLatency}_count{`)).toMatch(/ 3$/)
    expect(line(`${METRIC.decisionLatency}_count{`)).toContain('job="stressgate"')
    const bucket15 = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith(`${METRIC.decisionLatency}_bucket{`) &&
          l.includes('le="0.015"') &&
          l.includes('run-7'),
      )
    expect(bucket15).toMatch(/ 2$/)
  })

  test('an unreachable Pushgateway is a warning after the retries, never an exception', async () => {
    const port = await freePort()
    const m = createRunMetrics({ scenario: 's', runId: 'r' })
    const outcome = await pushMetrics(m.registry, {
      url: `http://127.0.0.1:${port}`,
      job: 'stressgate',
      attempts: 2,
      backoffMs: 10,
    })
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.attempts).toBe(2)
    expect(outcome.warning).toMatch(
      new RegExp(
        `Pushgateway http://127.0.0.1:${port} did not take the metrics after 2 attempts \\(.*ECONNREFUSED.*\\); they stay in the JSON report\\.`,
      ),
    )
  })
})

describe('startMetricsServer', () => {
  test('serves /metrics and /healthz, switches registries, and names a busy port', async () => {
    const first = createRunMetrics({ scenario: 'one', runId: 'r' })
    await using server = await startMetricsServer(first.registry, { port: 0 })
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' })
    expect(await (await fetch(`${server.url}/metrics`)).text()).toContain('scenario="one"')
    server.use(createRunMetrics({ scenario: 'two', runId: 'r' }).registry)
    expect(await (await fetch(`${server.url}/metrics`)).text()).toContain('scenario="two"')
    expect((await fetch(`${server.url}/nope`)).status).toBe(404)
    await expect(startMetricsServer(first.registry, { port: server.port })).rejects.toThrow(
      `metrics server: port ${server.port} on 127.0.0.1 is in use.`,
    )
  })
})

describe('credentials never in a warning', () => {
  test('a gateway that is down: the warning names it without its password', async () => {
    const port = await freePort()
    const m = createRunMetrics({ scenario: 'flash_crash', runId: 'run-8' })
    const outcome = await pushMetrics(m.registry, {
      url: `http://ci:hunter2@127.0.0.1:${port}`,
      job: 'stressgate',
      attempts: 1,
    })
    expect(outcome.ok).toBe(false)
    const warning = outcome.ok ? '' : outcome.warning
    expect(warning).toContain(
      `Pushgateway http://ci:***@127.0.0.1:${port} did not take the metrics`,
    )
    expect(warning).not.toContain('hunter2')
  })
})

describe('each started Pushgateway keeps its own data', () => {
  test("a gateway started for a new run shows none of an earlier run's groups", async () => {
    const first = await privateTempParent('push-first')
    const second = await privateTempParent('push-second')
    try {
      const earlier = await startLocalPushgateway(first)
      const m = createRunMetrics({ scenario: 'flash_crash', runId: 'run-stale' })
      m.breach()
      await pushMetrics(m.registry, {
        url: earlier.url,
        job: 'stressgate',
        groupings: { scenario: 'flash_crash', run_id: 'run-stale' },
      })
      await earlier.process.stop() // a graceful stop writes the persistence file
      expect(existsSync(join(first, 'pushgateway.data')), 'persisted in its own dir').toBe(true)
      const fresh = await startLocalPushgateway(second)
      try {
        const text = await (await fetch(`${fresh.url}/metrics`)).text()
        expect(text).not.toContain('run_id="run-stale"')
      } finally {
        await fresh.process.stop()
      }
    } finally {
      await rm(first, { recursive: true, force: true })
      await rm(second, { recursive: true, force: true })
    }
  })
})
