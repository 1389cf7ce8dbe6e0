import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { privateTempParent } from '../../test/helpers/leftovers.js'
import { LiveRegistry } from '../metrics/live-registry.js'
import { METRIC } from '../metrics/metric-names.js'
import { freePort } from '../services/free-port.js'
import { startLocalPushgateway } from '../services/local-pushgateway.js'
import type { LocalServer } from '../services/local-redis.js'
import type { ServiceEndpoint } from '../services/service-types.js'
import { positionDeltaUsd } from './position-delta.js'
import { RunTelemetry } from './run-telemetry.js'

let dir: string
let gateway: LocalServer
const endpoint = (url: string): ServiceEndpoint => ({
  service: 'pushgateway',
  backend: 'local',
  url,
  detail: '',
  startMs: 0,
})
const gatewayText = async () => (await fetch(`${gateway.url}/metrics`)).text()

beforeAll(async () => {
  dir = await privateTempParent('telemetry')
  gateway = await startLocalPushgateway(dir)
})
afterAll(async () => {
  await gateway.process.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('RunTelemetry', () => {
  test('pushes during the run and at the end, under job, scenario and run_id', async () => {
    const live = new LiveRegistry()
    const telemetry = new RunTelemetry({
      exposition: live,
      scenario: 'pushy',
      runId: 'run-42',
      pushgateway: endpoint(gateway.url),
      pushEveryMs: 30,
    })
    try {
      expect(live.current, 'the /metrics server serves this run').toBe(telemetry.metrics.registry)
      for (let i = 0; i < 4; i++)
        telemetry.decision({
          intendedMs: i,
          startedMs: i,
          endedMs: i + 2,
          offsetMs: i,
          verdict: 'approve',
        })
      const deadline = Date.now() + 10_000
      while (!(await gatewayText()).includes('run_id="run-42"') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      expect(await gatewayText(), 'a push happened before the end').toMatch(
        /risk_governor_decisions_total\{.*run_id="run-42".*verdict="approve"\} 4/,
      )
      telemetry.breach()
      expect(await telemetry.finish({ positionDeltaUsd: 250 })).toEqual([])
      const text = await gatewayText()
      const line = (name: string) =>
        text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes('run_id="run-42"'))
      expect(line(METRIC.hardLimitBreaches)).toMatch(/ 1$/)
      expect(line(METRIC.positionDelta)).toMatch(/ 250$/)
      expect(line(METRIC.positionDelta)).toContain('job="stressgate"')
    } finally {
      telemetry[Symbol.dispose]()
    }
    expect(live.current).toBeUndefined()
  })

  test('a dead Pushgateway ends as one warning; the numbers are still recorded', async () => {
    const port = await freePort()
    using telemetry = new RunTelemetry({
      scenario: 's',
      runId: 'r',
      pushgateway: endpoint(`http://127.0.0.1:${port}`),
      pushEveryMs: 60_000,
    })
    telemetry.decision({ intendedMs: 0, startedMs: 0, endedMs: 1, offsetMs: 0, verdict: 'reject' })
    const warnings = await telemetry.finish({ positionDeltaUsd: 0 })
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Pushgateway http://127.0.0.1:${port} did not take the metrics after 2 attempts`,
        ),
      ),
    ])
    expect(telemetry.recorder.summaries().decision.count).toBe(1)
  })
})

describe('positionDeltaUsd', () => {
  test('sums the absolute disagreement per symbol at the price', () => {
    expect(
      positionDeltaUsd(
        { ES: 10, NQ: -2 },
        [
          { symbol: 'ES', quantity: 7 },
          { symbol: 'NQ', quantity: -2 },
        ],
        100,
      ),
    ).toBe(300)
    expect(positionDeltaUsd({ ES: 0 }, [{ symbol: 'NQ', quantity: 1 }], 50)).toBe(50)
    expect(
      positionDeltaUsd({ ES: 5 }, undefined, 100),
      'no engine positions: nothing to compare',
    ).toBe(0)
  })
})
