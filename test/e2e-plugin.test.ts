import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CertificationReport } from '../src/report/certification.js'

const repo = fileURLToPath(new URL('..', import.meta.url))
const fixture = join(repo, 'test/fixtures/e2e-project')
const vitestBin = join(repo, 'node_modules/vitest/vitest.mjs')

// The fixture imports 'stressgate' like a user would, which resolves to the built package.
function assertFreshBuild(): void {
  const built = join(repo, 'dist/plugin/index.js')
  if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" first.`)
  const newestSource = [
    'src/index.ts',
    'src/scenario/run-scenario.ts',
    'plugin/reporter.ts',
    'plugin/matchers.ts',
  ]
    .map((f) => statSync(join(repo, f)).mtimeMs)
    .reduce((a, b) => Math.max(a, b))
  if (statSync(built).mtimeMs + 1 < newestSource) {
    throw new Error('dist/ is older than the sources: run "npm run build" first.')
  }
}

function runStress(reportDir: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [vitestBin, 'run', '--project', 'stress', ...args], {
    cwd: fixture,
    env: { ...process.env, E2E_REPORT_DIR: reportDir, FORCE_COLOR: '0', NO_COLOR: '1', CI: 'true' },
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` }
}

const readReport = async (dir: string): Promise<CertificationReport> =>
  JSON.parse(await readFile(join(dir, 'certification_report.json'), 'utf8')) as CertificationReport

let dir: string
beforeAll(async () => {
  assertFreshBuild()
  dir = await mkdtemp(join(tmpdir(), 'stressgate-e2e-'))
})
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('vitest --project stress on a user project', () => {
  test('one passing and one failing scenario: exit 1, a clear message, the JSON written', async () => {
    const reportDir = join(dir, 'both')
    const { status, output } = runStress(reportDir)
    expect(status, output).toBe(1)
    expect(output).toContain('leaky_governor: expected hard-limit breaches == 0, actual')
    expect(output).toMatch(
      /first breaches:\n\s+leaky_governor-\d+ at \d+ ms: ES maxPositionUsd [\d.]+ > 50000/,
    )
    expect(output).toContain('stressgate  NOT CERTIFIED  1/2 scenarios passed')

    const report = await readReport(reportDir)
    expect(report.certified).toBe(false)
    expect(report.summary).toEqual({
      total_scenarios: 2,
      passed_scenarios: 1,
      failed_scenarios: 1,
      inconclusive_scenarios: 0,
      pass_rate_pct: 50,
    })
    const steady = report.scenarios.steady_governor
    const leaky = report.scenarios.leaky_governor
    expect(steady).toMatchObject({
      overall_pass: true,
      state: 'passed',
      hard_limit_breaches: 0,
      final_position_qty: 0,
      decisions_total: 200,
    })
    expect(steady?.criteria.decision_p99_ms).toMatchObject({
      threshold: 250,
      pass: true,
      source: 'matcher',
    })
    expect(steady?.histograms?.decision).toMatch(/^[A-Za-z0-9+/=]+$/)
    expect(steady?.environment?.node).toBe(process.version)
    expect(steady?.histogram_backend, 'hdr-histogram-js WebAssembly initialised').toBe('wasm')
    expect(leaky).toMatchObject({ overall_pass: false, state: 'failed', test_state: 'failed' })
    expect(leaky?.criteria.hard_limit_breaches).toMatchObject({ threshold: 0, pass: false })
    expect(leaky?.hard_limit_breaches).toBeGreaterThan(0)
    expect(leaky?.failure_messages[0]).toMatch(/^leaky_governor: expected hard-limit breaches == 0/)
    expect(await readdir(reportDir), 'no temporary file left behind').toEqual([
      'certification_report.json',
    ])
  })

  test('-t runs one scenario and certifies what ran', async () => {
    const reportDir = join(dir, 'one')
    const { status, output } = runStress(reportDir, '-t', 'steady_governor')
    expect(status, output).toBe(0)
    const report = await readReport(reportDir)
    expect(Object.keys(report.scenarios)).toEqual(['steady_governor'])
    expect(report.certified).toBe(true)
  })
})
