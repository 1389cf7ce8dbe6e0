import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { encoded } from '../src/report/compare-fixture.js'
import type { CertificationReport } from '../src/report/report-schema.js'
import { assertFreshBuild, repo, runFixture } from './helpers/run-fixture.js'

function runStress(reportDir: string, ...args: string[]) {
  return runFixture('e2e-project', { E2E_REPORT_DIR: reportDir }, ...args)
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
    expect((await readdir(reportDir)).sort(), 'no temporary file left behind').toEqual([
      'certification_report.json',
      'dashboard.html',
      'history.json',
      'junit.xml',
      'summary.md',
    ])
    const junit = await readFile(join(reportDir, 'junit.xml'), 'utf8')
    expect(junit).toContain('<testsuite name="stressgate" tests="2" failures="1" errors="0"')
    expect(junit).toMatch(
      /<testcase name="leaky_governor" classname="[^"]+" time="[\d.]+">\n\s+<failure message="hard_limit_breaches: [^"]*" type="failed">/,
    )
    expect(junit).toMatch(/<testcase name="steady_governor" classname="[^"]+" time="[\d.]+"\/>/)

    const dashboard = await readFile(join(reportDir, 'dashboard.html'), 'utf8')
    expect(dashboard, 'the dashboard shows the verdict and the failing scenario').toContain(
      'NOT CERTIFIED',
    )
    expect(dashboard).toContain('leaky_governor')

    const bin = join(repo, 'dist/src/cli/bin.js')
    const summary = spawnSync(
      process.execPath,
      [bin, 'summary', join(reportDir, 'certification_report.json')],
      {
        encoding: 'utf8',
      },
    )
    expect(summary.status, 'the CI gate: not certified exits 1').toBe(1)
    expect(summary.stdout).toContain('NOT CERTIFIED  1/2 scenarios passed')
  })

  test('-t runs one scenario: a partial report beside the full one, never the certification', async () => {
    const reportDir = join(dir, 'both') // the full run above wrote its report here
    const full = await readReport(reportDir)
    const { status, output } = runStress(reportDir, '-t', 'steady_governor')
    expect(status, output).toBe(0)
    const filter = '-t "steady_governor"; 1 of 2 scenario files; 1 scenario skipped'
    expect(output).toContain(`PARTIAL RUN (${filter}): not a certification`)
    const partial = await readReport(join(reportDir, 'partial'))
    expect(Object.keys(partial.scenarios)).toEqual(['steady_governor'])
    expect(partial.scenarios.steady_governor?.state).toBe('passed')
    expect(partial.partial).toEqual({ filter })
    expect(partial.certified, 'a filtered run is never the certification').toBe(false)
    expect(await readReport(reportDir), "the full run's report is untouched").toEqual(full)
    const dashboard = await readFile(join(reportDir, 'partial', 'dashboard.html'), 'utf8')
    expect(dashboard).toContain(`PARTIAL RUN (${filter.replaceAll('"', '&quot;')})`)

    // A file filter is partial too.
    const byFile = runStress(join(dir, 'by-file'), 'scenarios/steady')
    expect(byFile.status, byFile.output).toBe(0)
    const filtered = await readReport(join(dir, 'by-file', 'partial'))
    expect(filtered.partial?.filter).toBe('1 of 2 scenario files')
    expect(filtered.certified).toBe(false)
  })

  test('baseline: the delta is reported, a regression fails the run with failOnRegression, the trend grows', async () => {
    const reportDir = join(dir, 'one')
    const onlySteady = { E2E_INCLUDE: 'scenarios/steady.stress.ts' }
    const firstRun = runFixture('e2e-project', { E2E_REPORT_DIR: reportDir, ...onlySteady })
    expect(firstRun.status, firstRun.output).toBe(0)
    const first = await readReport(reportDir)
    expect(first.certified, 'a project of one passing scenario, run whole').toBe(true)
    const steady = first.scenarios.steady_governor
    if (steady === undefined) throw new Error('the run above wrote no steady_governor')
    // The baseline answered every decision in 1 us: today's run is a regression by any floor.
    const baselineFile = join(dir, 'baseline.json')
    const fast = encoded([1, 200])
    const histograms = { decision: fast, service: fast, schedule_lag: fast, pipeline: fast }
    await writeFile(
      baselineFile,
      JSON.stringify({ ...first, scenarios: { steady_governor: { ...steady, histograms } } }),
    )
    const { status, output } = runFixture('e2e-project', {
      E2E_REPORT_DIR: reportDir,
      STRESSGATE_BASELINE: baselineFile,
      E2E_FAIL_ON_REGRESSION: '1',
      ...onlySteady,
    })
    expect(status, output).toBe(1)
    expect(output).toContain(`vs baseline ${baselineFile}: REGRESSION in 1 of 1 scenarios`)
    expect(output).toContain('failOnRegression is set: exit code 1')
    const report = await readReport(reportDir)
    expect(report.certified, 'a regression is not a failed criterion').toBe(true)
    expect(report.baseline).toMatchObject({ file: baselineFile, regressed: true })
    expect(report.baseline?.scenarios.steady_governor).toMatchObject({
      baseline_p99_ms: 0.001,
      verdict: 'regression',
    })
    const history = JSON.parse(await readFile(join(reportDir, 'history.json'), 'utf8'))
    expect(history.runs.map((r: { timestamp: string }) => r.timestamp)).toEqual([
      first.certification_timestamp,
      report.certification_timestamp,
    ])
    const dashboard = await readFile(join(reportDir, 'dashboard.html'), 'utf8')
    expect(dashboard).toContain('<h2>REGRESSION against the baseline</h2>')
    expect(dashboard).toContain('<h2>Trend: decision p99 over the last 2 runs</h2>')
    expect(await readFile(join(reportDir, 'summary.md'), 'utf8')).toContain('🔺 regression')

    // An unreadable history (here a folder) costs the trend, never the report.
    const blocked = join(dir, 'blocked')
    await mkdir(join(blocked, 'history.json'), { recursive: true })
    const noHistory = runFixture('e2e-project', { E2E_REPORT_DIR: blocked, ...onlySteady })
    expect(noHistory.status, noHistory.output).toBe(0)
    expect(noHistory.output).toContain(`run history not read from ${join(blocked, 'history.json')}`)
    expect(noHistory.output).toContain('could not write history.json')
    expect((await readReport(blocked)).certified).toBe(true)

    // A baseline that does not exist: a warning, and the run passes as before.
    const missing = runFixture('e2e-project', {
      E2E_REPORT_DIR: reportDir,
      STRESSGATE_BASELINE: join(dir, 'nope.json'),
      E2E_FAIL_ON_REGRESSION: '1',
      ...onlySteady,
    })
    expect(missing.status, missing.output).toBe(0)
    expect(missing.output).toContain(`No certification report at ${join(dir, 'nope.json')}`)
  })
})
