import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { describe, expect, test } from 'vitest'
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
          "summary: 'Decision P99 19ms above 10 ms (slow)'",
          "summary: 'Decision P99 9ms above 10 ms (slow)'",
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
