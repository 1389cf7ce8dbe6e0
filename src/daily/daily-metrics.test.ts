import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { certificationRegistry, startDailyMetrics } from './daily-metrics.js'

const samples = async (text: Promise<string> | string): Promise<string[]> =>
  (await text).split('\n').filter((l) => l !== '' && !l.startsWith('#'))

const report = {
  schema_version: 1,
  certified: false,
  certification_timestamp: '2025-01-31T07:00:00.000Z',
  summary: {},
  scenarios: {
    flash_crash: {
      overall_pass: true,
      state: 'passed',
      decision_p99_ms: 7.5,
      hard_limit_breaches: 0,
    },
    flood: { overall_pass: false, state: 'inconclusive' },
  },
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stressgate-daily-metrics-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('daily metrics', () => {
  test('no report: only the presence gauge, at 0', async () => {
    expect(await samples(certificationRegistry(undefined).metrics())).toEqual([
      'stressgate_certification_report_present 0',
    ])
  })

  test('the server reads the report again at every scrape', async () => {
    await using server = await startDailyMetrics({ port: 0, reportDir: dir })
    const scrape = () => fetch(`${server.url}/metrics`).then((r) => r.text())
    expect(await samples(scrape())).toEqual(['stressgate_certification_report_present 0'])
    expect(await fetch(`${server.url}/healthz`).then((r) => r.json())).toEqual({ status: 'ok' })

    await writeFile(join(dir, 'certification_report.json'), JSON.stringify(report))
    expect(await samples(scrape())).toEqual([
      'stressgate_certification_report_present 1',
      'stressgate_certified 0',
      'stressgate_certification_timestamp_seconds 1738306800',
      'stressgate_scenarios{state="passed"} 1',
      'stressgate_scenarios{state="failed"} 0',
      'stressgate_scenarios{state="inconclusive"} 1',
      'stressgate_scenarios{state="error"} 0',
      'stressgate_scenario_passed{scenario="flash_crash"} 1',
      'stressgate_scenario_passed{scenario="flood"} 0',
      'stressgate_scenario_decision_p99_seconds{scenario="flash_crash"} 0.0075',
      'stressgate_scenario_hard_limit_breaches{scenario="flash_crash"} 0',
    ])
  })
})
