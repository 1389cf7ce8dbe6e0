import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, test } from 'vitest'
import { createHistogram } from '../../metrics/hdr.js'
import { startMetricsServer } from '../../metrics/metrics-server.js'
import { createRunMetrics } from '../../metrics/run-metrics.js'
import { freePort } from '../../services/free-port.js'
import { createCli } from '../create-cli.js'

async function cli(...argv: string[]) {
  let out = ''
  let err = ''
  const code = await createCli({ out: (t) => (out += t), err: (t) => (err += t) }, '0.0.0').run(
    argv,
  )
  return { code, out, err }
}

/** A live run: `decisionP99Ms` exported from a real HDR histogram, errors and breaches as given. */
function liveRun(o: {
  decisionP99Ms: number
  errors?: number
  breaches?: number
  positionDeltaUsd?: number
}) {
  const m = createRunMetrics({ scenario: 'live', runId: 'r1' })
  for (let i = 0; i < 1_000; i++) m.observeDecision(1, 'approve')
  for (let i = 0; i < (o.errors ?? 0); i++) m.observeDecision(1, 'error')
  for (let i = 0; i < (o.breaches ?? 0); i++) m.breach()
  m.setPositionDelta(o.positionDeltaUsd ?? 0)
  const h = createHistogram()
  // p99 is the 990th of 1000 values: 980 at 1 ms, then 20 at the wanted p99 (HDR reports the
  // top of its 3-digit bucket, so 20 ms reads as 20.015 ms).
  h.recordValueWithCount(1_000, 980)
  h.recordValueWithCount(Math.round(o.decisionP99Ms * 1000), 20)
  m.exportPercentiles('decision', h)
  h.destroy()
  return m.registry
}

describe('stressgate monitor', () => {
  test('status and health on a healthy run: all green, exit 0', async () => {
    await using server = await startMetricsServer(liveRun({ decisionP99Ms: 3 }), { port: 0 })
    const status = await cli('monitor', 'status', '--url', server.url)
    expect(status.code).toBe(0)
    expect(status.out).toMatch(/^GREEN {3}Decision latency P99 {3}3\.00 ms/m)
    expect(status.out).toMatch(/^GREEN {3}Hard-limit breaches {4}0/m)
    expect(status.out).toMatch(/^UNKNOWN Pipeline latency P99 {3}no data/m)
    const health = await cli('monitor', 'health', '--url', server.url)
    expect(health).toMatchObject({ code: 0 })
    expect(health.out).toContain('HEALTHY')
  })

  test('the red path: a breach and a slow p99 make health exit 1 and name them', async () => {
    await using server = await startMetricsServer(
      liveRun({ decisionP99Ms: 20, breaches: 2, errors: 1 }),
      { port: 0 },
    )
    const health = await cli('monitor', 'health', '--url', server.url)
    expect(health.code).toBe(1)
    expect(health.out).toMatch(/^RED {5}Decision latency P99 {3}20\.02 ms/m)
    expect(health.out).toMatch(/^YELLOW {2}Decision error rate {4}0\.100 %/m)
    expect(health.out).toContain('UNHEALTHY: Decision latency P99, Hard-limit breaches')
    const alerts = await cli('monitor', 'alerts', '--url', server.url)
    expect(alerts.out).toContain('CRITICAL  Hard-limit breaches: Hard-limit breaches 2 (firing)')
    expect(alerts.out).toContain('WARNING   Decision error rate')
  })

  test('--json for scripts; metrics, latency and errors views', async () => {
    await using server = await startMetricsServer(
      liveRun({ decisionP99Ms: 12, errors: 2, positionDeltaUsd: 700 }),
      { port: 0 },
    )
    const json = JSON.parse(
      (await cli('monitor', 'health', '--url', server.url, '--json')).out,
    ) as { healthy: boolean; checks: { check: string; status: string; value: number }[] }
    expect(json.healthy, '2 errors in 1002 decisions is 0.2%: red').toBe(false)
    expect(json.checks.map((c) => [c.check, c.status])).toEqual([
      ['decisionP99Ms', 'yellow'],
      ['pipelineP99Ms', 'unknown'],
      ['errorRatePct', 'red'],
      ['positionDeltaUsd', 'yellow'],
      ['hardLimitBreaches', 'green'],
    ])
    const metrics = JSON.parse(
      (await cli('monitor', 'metrics', '--url', server.url, '--json')).out,
    ) as { decisions: Record<string, number>; errors: number; scenarios: string[] }
    expect(metrics).toMatchObject({
      decisions: { approve: 1_000, trim: 0, reject: 0 },
      errors: 2,
      scenarios: ['live'],
    })
    expect((await cli('monitor', 'latency', '--url', server.url)).out).toMatch(
      /decision +p99 +12\.007 ms/,
    )
    expect((await cli('monitor', 'errors', '--url', server.url)).out).toBe(
      'errors 2, rate 0.200 % (red)\n',
    )
  })

  test('watch refreshes until its count', async () => {
    await using server = await startMetricsServer(liveRun({ decisionP99Ms: 3 }), { port: 0 })
    const watch = await cli(
      'monitor',
      'watch',
      '--url',
      server.url,
      '--count',
      '2',
      '--interval',
      '0.1',
    )
    expect(watch.out.match(/^\d{4}-\d{2}-\d{2}T/gm)).toHaveLength(2)
  })

  test('alerts from the Prometheus HTTP API when --prometheus is given', async () => {
    // Answers like Prometheus' /api/v1/alerts (documented response shape).
    const api = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          status: 'success',
          data: {
            alerts: [
              {
                labels: { alertname: 'HardLimitBreach', severity: 'critical' },
                annotations: { summary: '3 hard-limit breach(es) in b' },
                state: 'firing',
              },
            ],
          },
        }),
      )
    })
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve))
    try {
      await using server = await startMetricsServer(liveRun({ decisionP99Ms: 3 }), { port: 0 })
      const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}`
      const alerts = await cli('monitor', 'alerts', '--url', server.url, '--prometheus', url)
      expect(alerts.out).toBe('CRITICAL  HardLimitBreach: 3 hard-limit breach(es) in b (firing)\n')
    } finally {
      api.close()
    }
  })

  test('an unreachable server is a clear error with exit code 2; an unknown view names the allowed ones', async () => {
    const port = await freePort()
    const down = await cli('monitor', 'status', '--url', `http://127.0.0.1:${port}`)
    expect(down.code).toBe(2)
    expect(down.err).toBe(
      `stressgate: cannot reach the metrics server at http://127.0.0.1:${port}/metrics (ECONNREFUSED). Start it with "stressgate up" or run the stress scenarios, or point --url at a running one.\n`,
    )
    const bad = await cli('monitor', 'everything')
    expect(bad.code).toBe(2)
    expect(bad.err).toContain(
      'unknown monitor view "everything"; allowed: status, metrics, alerts, latency, errors, health, watch',
    )
  })
})
