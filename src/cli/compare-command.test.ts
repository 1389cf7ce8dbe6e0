import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { virtualRun } from '../../test/helpers/virtual-run.js'
import { createHistogram } from '../metrics/hdr.js'
import { encodeHistogram } from '../metrics/histogram-codec.js'
import { buildCertification } from '../report/certification.js'
import type { CertificationReport } from '../report/report-schema.js'
import { createCli } from './create-cli.js'

let dir: string
let baseline: CertificationReport
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stressgate-compare-'))
  // A real report: a virtual-clock run whose decision p99 is exactly 2 ms (100 decisions).
  const results = [await virtualRun('flash_crash')]
  baseline = buildCertification(
    [
      {
        testName: 't',
        file: 'f',
        testState: 'passed',
        durationMs: 1,
        errors: [],
        results,
        asserted: [],
      },
    ],
    new Date('2026-11-25T00:00:00Z'),
  )
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Runs the real `stressgate compare ...` through createCli. */
async function cli(...argv: string[]) {
  let out = ''
  let err = ''
  const code = await createCli({ out: (t) => (out += t), err: (t) => (err += t) }).run([
    'compare',
    ...argv,
  ])
  return { code, out, err }
}

async function write(name: string, value: unknown): Promise<string> {
  const file = join(dir, name)
  await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value))
  return file
}

/** The baseline with its flash_crash decision histogram replaced by 10,000 samples at `us`. */
function withDecision(us: number): CertificationReport {
  const h = createHistogram()
  h.recordValueWithCount(us, 10_000)
  const decision = encodeHistogram(h)
  h.destroy()
  const s = baseline.scenarios.flash_crash
  if (s?.histograms === undefined) throw new Error('baseline has no histograms')
  return {
    ...baseline,
    scenarios: { flash_crash: { ...s, histograms: { ...s.histograms, decision } } },
  }
}

describe('stressgate compare', () => {
  test('a report against itself: no change, exit 0', async () => {
    const file = await write('base.json', baseline)
    const r = await cli(file, file)
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(
      /^flash_crash\s+2\.000\s+2\.000\s+\+0\.000\s+\+0\.0%\s+10%\s+0\.0000\s+1\.0000\s+NO_CHANGE$/m,
    )
    expect(r.out).toContain('no regression')
  })

  test('1 ms -> 2 ms on 10,000 samples: REGRESSION, exit 1; --json carries the numbers', async () => {
    const a = await write('one.json', withDecision(1_000))
    const b = await write('two.json', withDecision(2_000))
    const r = await cli(a, b)
    expect(r.code).toBe(1)
    expect(r.out).toMatch(
      /^flash_crash\s+1\.000\s+2\.000\s+\+1\.000\s+\+100\.0%\s+10%\s+1\.0000\s+<1e-300\s+REGRESSION$/m,
    )
    expect(r.out).toContain('REGRESSION: flash_crash')
    const json = await cli(a, b, '--json')
    expect(json.code).toBe(1)
    expect(JSON.parse(json.out)).toMatchObject({
      regressed: true,
      noiseFloorPct: 10,
      scenarios: [{ scenario: 'flash_crash', verdict: 'regression', ks: { d: 1, pValue: 0 } }],
    })
    // Reversed it is an improvement, which exits 0.
    expect((await cli(b, a)).code).toBe(0)
  })

  test('--noise-floor: a 5 % shift is no change at the default floor, a regression at 1 %', async () => {
    const a = await write('1000.json', withDecision(1_000))
    const b = await write('1050.json', withDecision(1_050))
    expect((await cli(a, b)).code).toBe(0)
    const r = await cli(a, b, '--noise-floor', '1')
    expect(r.code).toBe(1)
    expect(r.out).toContain('noise floor 1%')
  })

  test('--history: the floor is calibrated on repeated runs, so machine noise is no regression', async () => {
    const a = await write('h1.json', withDecision(1_000))
    const b = await write('h2.json', withDecision(2_000))
    const runs = [1, 2.2, 1.6].map((p99, i) => ({
      run_id: `r${i}`,
      timestamp: '2026-11-24T00:00:00.000Z',
      certified: true,
      scenarios: { flash_crash: { state: 'passed', decision_p99_ms: p99 } },
    }))
    const history = await write('history.json', { schema_version: 1, runs })
    const r = await cli(a, b, '--history', history)
    expect(r.err).toBe('')
    expect(r.code, r.out).toBe(0) // +100 % < the 120 % spread of (1, 2.2, 1.6)
    expect(r.out).toMatch(/^flash_crash\s.*\+100\.0%\s+120% \(3 runs\)\s.*NO_CHANGE$/m)
    const bad = await cli(a, b, '--history', await write('not-history.json', { runs: 1 }))
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('not-history.json is not a stressgate run history')
    const none = await cli(a, b, '--history', join(dir, 'absent.json'))
    expect(none.code).toBe(2)
    expect(none.err).toContain('absent.json: no such file or no runs in it')
  })

  test('scenarios in one report only are listed', async () => {
    const a = await write('a.json', baseline)
    const renamed = { ...baseline, scenarios: { other: baseline.scenarios.flash_crash } }
    const r = await cli(a, await write('renamed.json', renamed))
    expect(r.code).toBe(0)
    expect(r.out).toContain('no scenario present in both reports')
    expect(r.out).toContain('only in baseline: flash_crash')
    expect(r.out).toContain('only in current: other')
  })

  test('unreadable input exits 2 with a clear message', async () => {
    const good = await write('good.json', baseline)
    const missing = await cli(join(dir, 'nope.json'), good)
    expect(missing.code).toBe(2)
    expect(missing.err).toMatch(
      /No certification report at .*nope\.json \(does not exist\)\. Pass the baseline certification_report\.json/,
    )
    const notJson = await cli(good, await write('bad.json', '{oops'))
    expect(notJson).toMatchObject({ code: 2, out: '' })
    expect(notJson.err).toMatch(
      /bad\.json is not valid JSON\. Pass the current certification_report\.json/,
    )
    const notReport = await cli(good, await write('array.json', [1, 2]))
    expect(notReport.code).toBe(2)
    expect(notReport.err).toContain('is not a stressgate certification report')
    const s = baseline.scenarios.flash_crash
    if (s?.histograms === undefined) throw new Error('baseline has no histograms')
    const corrupt = await write('corrupt.json', {
      ...baseline,
      scenarios: { flash_crash: { ...s, histograms: { ...s.histograms, decision: 'xyz' } } },
    })
    const c = await cli(good, corrupt)
    expect(c.code).toBe(2)
    expect(c.err).toContain('corrupt decision histogram')
    const floor = await cli(good, good, '--noise-floor', 'ten')
    expect(floor.code).toBe(2)
    expect(floor.err).toContain('--noise-floor must be a number >= 0')
  })
})
