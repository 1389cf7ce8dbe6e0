import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { baselineSection } from './baseline-section.js'
import { compareReports } from './compare.js'
import { encoded, report } from './compare-fixture.js'
import { compareWithBaseline } from './compare-with-baseline.js'
import { renderBaseline } from './html/baseline-table.js'
import { markdownSummary } from './markdown-summary.js'
import type { CertificationReport, RunHistoryEntry } from './report-schema.js'
import { formatSummary } from './summary-text.js'

const FAST = encoded([1_000, 10_000])
const SLOW = encoded([2_000, 10_000])

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stressgate-baseline-'))
})
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

async function baselineFile(r: CertificationReport): Promise<string> {
  const file = join(dir, `baseline-${Math.random().toString(36).slice(2)}.json`)
  await writeFile(file, JSON.stringify(r))
  return file
}

const history = (p99s: readonly number[]): RunHistoryEntry[] =>
  p99s.map((p99, i) => ({
    run_id: `r${i}`,
    timestamp: '2026-11-24T00:00:00.000Z',
    certified: true,
    scenarios: { a: { state: 'passed', decision_p99_ms: p99 } },
  }))

describe('baselineSection', () => {
  test('plain JSON: an infinite change becomes null, the floor and its calibration are kept', () => {
    const zero = encoded([0, 100])
    const cmp = compareReports(report({ a: FAST, z: zero }), report({ a: SLOW, z: FAST }), {
      calibratedFloors: { a: { pct: 20, runs: 4 } },
    })
    const section = baselineSection(cmp, 'base.json', '2026-11-24T00:00:00.000Z')
    expect(section.scenarios.a).toMatchObject({
      baseline_p99_ms: 1,
      current_p99_ms: 2,
      p99_delta_ms: 1,
      p99_delta_pct: 100,
      ks_d: 1,
      noise_floor_pct: 20,
      calibration_runs: 4,
      verdict: 'regression',
    })
    expect(section.scenarios.z?.p99_delta_pct).toBeNull()
    expect(JSON.parse(JSON.stringify(section))).toEqual(section)
    expect(section).toMatchObject({ file: 'base.json', regressed: true, alpha: 0.01 })
  })
})

describe('compareWithBaseline', () => {
  test('a missing baseline is a warning naming the file and the fix', async () => {
    const outcome = await compareWithBaseline(report({ a: FAST }), { file: join(dir, 'none.json') })
    expect(outcome.baseline).toBeUndefined()
    expect(outcome.warning).toContain(`No certification report at ${join(dir, 'none.json')}`)
    expect(outcome.warning).toContain('STRESSGATE_BASELINE')
  })

  test('a corrupt baseline histogram is a warning, not a crash', async () => {
    const file = await baselineFile(report({ a: 'not-base64!' }))
    const outcome = await compareWithBaseline(report({ a: FAST }), { file, shownAs: 'b.json' })
    expect(outcome.warning).toMatch(/^baseline b\.json not compared: Cannot decode histogram/)
  })

  test('the history calibrates the floor: 1 ms -> 2 ms is noise after runs spread by 150 %', async () => {
    const file = await baselineFile(report({ a: FAST }))
    const quiet = await compareWithBaseline(report({ a: SLOW }), {
      file,
      history: history([1, 1.05, 1.02]),
    })
    expect(quiet.baseline?.scenarios.a?.verdict).toBe('regression')
    expect(quiet.baseline?.scenarios.a?.noise_floor_pct).toBe(10) // 5 % calibrated < 10 % fixed
    const noisy = await compareWithBaseline(report({ a: SLOW }), {
      file,
      history: history([1, 2.5, 1.4]),
    })
    expect(noisy.baseline?.scenarios.a).toMatchObject({
      verdict: 'no_change',
      noise_floor_pct: 150,
      calibration_runs: 3,
    })
  })

  test('the judged run is never its own noise: it is left out of the calibration', async () => {
    // The reporter's history already holds the current run (same timestamp) when a later
    // `stressgate compare --history` reads it: 1 ms -> 5 ms must stay a regression.
    const file = await baselineFile(report({ a: FAST }))
    const current = report({ a: encoded([5_000, 10_000]) })
    const withCurrent = [
      ...history([1, 1.05, 1.02]),
      {
        run_id: current.certification_timestamp,
        timestamp: current.certification_timestamp,
        certified: true,
        scenarios: { a: { state: 'passed' as const, decision_p99_ms: 5 } },
      },
    ]
    const outcome = await compareWithBaseline(current, { file, history: withCurrent })
    expect(outcome.baseline?.scenarios.a).toMatchObject({
      verdict: 'regression',
      noise_floor_pct: 10,
    })
  })
})

describe('the baseline in the summaries and the dashboard', () => {
  async function regressed(): Promise<CertificationReport> {
    const file = await baselineFile(report({ a: FAST, '<b>': FAST }))
    const current = report({ a: SLOW, '<b>': FAST })
    const { baseline } = await compareWithBaseline(current, { file, shownAs: 'main/report.json' })
    if (baseline === undefined) throw new Error('expected a comparison')
    return { ...current, baseline }
  }

  test('text summary: one line for the comparison, one per regressed scenario', async () => {
    const text = formatSummary(await regressed(), 'reports/certification_report.json')
    expect(text).toContain('  vs baseline main/report.json: REGRESSION in 1 of 2 scenarios')
    expect(text).toContain(
      '      x a: decision p99 1.00ms -> 2.00ms (+100.0% > floor 10.0%, KS p 0.0e+0)',
    )
  })

  test('markdown: a regression line and a delta column with the verdict', async () => {
    const md = markdownSummary(await regressed())
    expect(md).toContain('**🔺 Regression against the baseline** (`main/report.json`): a')
    expect(md).toContain('| +1.00 ms (+100.0%) 🔺 regression |')
    expect(md).toContain('| +0.00 ms (+0.0%) |')
  })

  test('dashboard: the regressed row is marked, names are escaped', async () => {
    const html = renderBaseline((await regressed()).baseline)
    expect(html).toContain('<h2>REGRESSION against the baseline</h2>')
    expect(html).toMatch(
      /<tr class="fail" data-verdict="regression"><th>a<\/th><td class="num">1 ms<\/td><td class="num">2 ms<\/td><td class="num">\+1 ms<\/td><td class="num">\+100 %<\/td><td class="num">10 %<\/td>/,
    )
    expect(html).toContain('<th>&lt;b&gt;</th>')
    expect(html).not.toContain('<b>')
    expect(renderBaseline(undefined)).toBe('')
  })
})
