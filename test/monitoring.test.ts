import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { describe, expect, test } from 'vitest'
import { buildDashboard, dashboardQueries } from '../monitoring/grafana/dashboard.js'
import { METRIC } from '../src/metrics/metric-names.js'
import { repo } from './helpers/run-fixture.js'

const promtool = (...args: string[]) => {
  const run = spawnSync('promtool', args, { cwd: `${repo}/monitoring`, encoding: 'utf8' })
  if (run.error)
    throw new Error(`promtool is not installed (apt-get install prometheus): ${run.error.message}`)
  return { status: run.status, output: `${run.stdout}${run.stderr}` }
}

describe('monitoring/ with the real promtool', () => {
  test('prometheus.yml is a valid config and its rules load', () => {
    const result = promtool('check', 'config', 'prometheus.yml')
    expect(result.status, result.output).toBe(0)
    expect(result.output).toContain('SUCCESS: 10 rules found')
  })

  test('the alert rules fire and stay silent where their unit tests say', () => {
    const result = promtool('test', 'rules', 'tests/stressgate-rules.test.yml')
    expect(result.status, result.output).toBe(0)
    expect(result.output).toContain('SUCCESS')
  })

  test('a rule test that expects the wrong thing fails (the harness can fail)', async () => {
    const dir = await mkdtemp(`${tmpdir()}/stressgate-promtool-`)
    try {
      const wrong = (await readFile(`${repo}/monitoring/tests/stressgate-rules.test.yml`, 'utf8'))
        .replace('../alerts/stressgate-rules.yml', `${repo}/monitoring/alerts/stressgate-rules.yml`)
        .replace(
          'summary: "Decision P99 19ms above 10 ms (slow)"',
          'summary: "Decision P99 9ms above 10 ms (slow)"',
        )
      await writeFile(`${dir}/wrong.test.yml`, wrong)
      const result = promtool('test', 'rules', `${dir}/wrong.test.yml`)
      expect(result.status).not.toBe(0)
      expect(result.output).toContain('FAILED')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('every metric the rules use is one the code exports', async () => {
    const rules = await readFile(`${repo}/monitoring/alerts/stressgate-rules.yml`, 'utf8')
    const used = new Set(
      [...rules.matchAll(/\b(risk_governor_[a-z_]+|pipeline_[a-z_]+|stressgate_[a-z_]+)\b/g)].map(
        (m) => m[1],
      ),
    )
    const exported = new Set(
      Object.values(METRIC).flatMap((name) => [
        name,
        `${name}_bucket`,
        `${name}_count`,
        `${name}_sum`,
      ]),
    )
    expect([...used].filter((name) => !exported.has(name as string))).toEqual([])
    expect(used.size).toBeGreaterThanOrEqual(5)
  })
})

describe('the Grafana dashboard', () => {
  const exported = new Set(
    Object.values(METRIC).flatMap((name) => [
      name,
      `${name}_bucket`,
      `${name}_count`,
      `${name}_sum`,
    ]),
  )

  test('the committed JSON is what the generator makes', async () => {
    const file = await readFile(`${repo}/monitoring/grafana/dashboards/stressgate.json`, 'utf8')
    expect(JSON.parse(file), 'stale: run npm run monitoring:dashboard').toEqual(buildDashboard())
  })

  test('the five critical panels carry the seed colour thresholds', () => {
    const panels = buildDashboard().panels as {
      title: string
      fieldConfig: { defaults: { thresholds?: { steps: { value: number | null }[] } } }
    }[]
    const edges = (title: string) =>
      panels
        .find((p) => p.title === title)
        ?.fieldConfig.defaults.thresholds?.steps.map((s) => s.value)
    expect(edges('Decision latency P99')).toEqual([null, 0.01, 0.015])
    expect(edges('Pipeline latency P99')).toEqual([null, 0.015, 0.02])
    expect(edges('Decision error rate')).toEqual([null, 0.0005, 0.001])
    expect(edges('Position delta')).toEqual([null, 500, 1000])
    expect(edges('Hard-limit breaches')).toEqual([null, 1])
  })

  test('every query parses (promtool) and reads only exported metrics', async () => {
    const queries = dashboardQueries(buildDashboard())
    const used = queries.flatMap((q) =>
      [...q.matchAll(/\b(risk_governor_[a-z_]+|pipeline_[a-z_]+|stressgate_[a-z_]+)\b/g)].map(
        (m) => m[1],
      ),
    )
    expect(used.filter((name) => !exported.has(name as string))).toEqual([])
    const dir = await mkdtemp(`${tmpdir()}/stressgate-dashboard-`)
    try {
      const rules = queries.map(
        (expr, i) => `      - record: dashboard:query_${i}\n        expr: ${JSON.stringify(expr)}`,
      )
      await writeFile(
        `${dir}/queries.yml`,
        `groups:\n  - name: dashboard\n    rules:\n${rules.join('\n')}\n`,
      )
      const result = promtool('check', 'rules', `${dir}/queries.yml`)
      expect(result.status, result.output).toBe(0)
      expect(result.output).toContain(`SUCCESS: ${queries.length} rules found`)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('no credential is committed in the Grafana provisioning', async () => {
    for (const file of ['datasources/stressgate.yml', 'dashboards/stressgate.yml']) {
      const text = await readFile(`${repo}/monitoring/grafana/provisioning/${file}`, 'utf8')
      expect(text).not.toMatch(/password\s*:|secureJsonData|basicAuthPassword|admin:admin/i)
    }
  })
})
