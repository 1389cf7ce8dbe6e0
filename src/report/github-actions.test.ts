import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { publishToGitHubActions } from './github-actions.js'
import { markdownSummary } from './markdown-summary.js'
import { BREACHES_CRITERION, reportOf, reportScenario } from './report-fixture.js'
import type { CertificationReport } from './report-schema.js'

const scenario = reportScenario
const report: CertificationReport = reportOf({
  steady: scenario({}),
  leaky: scenario({
    overall_pass: false,
    state: 'failed',
    test_state: 'failed',
    criteria: {
      hard_limit_breaches: BREACHES_CRITERION,
    },
    failure_messages: ['leaky: 3 breaches\n at scenarios/limits.stress.ts:42:7'],
  }),
  slow: scenario({
    overall_pass: false,
    state: 'inconclusive',
    file: 'scenarios/slow.stress.ts',
    inconclusive_reason: 'generator lag p99 40 ms > 10 ms',
  }),
})

let dir: string
let summaryFile: string
let stdout: string[]
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stressgate-gha-'))
  summaryFile = join(dir, 'step-summary.md')
  await writeFile(summaryFile, '')
  vi.stubEnv('GITHUB_STEP_SUMMARY', summaryFile)
  stdout = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk))
    return true
  })
})
afterEach(async () => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
  await rm(dir, { recursive: true, force: true })
})

describe('publishToGitHubActions', () => {
  test('outside GitHub Actions it writes nothing', async () => {
    vi.stubEnv('GITHUB_ACTIONS', undefined)
    expect(await publishToGitHubActions(report, { reportDir: 'reports' })).toEqual({
      published: false,
    })
    expect(await readFile(summaryFile, 'utf8'), 'job summary').toBe('')
    expect(stdout, 'workflow commands').toEqual([])
  })

  test('inside, the job summary gets the Markdown and each failed scenario an annotation', async () => {
    vi.stubEnv('GITHUB_ACTIONS', 'true')
    vi.stubEnv('GITHUB_WORKSPACE', '/repo')
    const result = await publishToGitHubActions(report, { reportDir: 'reports', root: '/repo/pkg' })
    expect(result).toEqual({ published: true, annotations: 2 })
    expect(await readFile(summaryFile, 'utf8'), 'job summary').toBe(
      `${markdownSummary(report)}\n_Reports: \`reports\` (certification_report.json, junit.xml, summary.md)_\n`,
    )
    expect(stdout, 'annotations').toEqual([
      '::error title=stressgate%3A leaky failed,file=pkg/scenarios/limits.stress.ts,line=42::' +
        'hard_limit_breaches: hard-limit breaches == 0 (threshold == 0, actual 3)%0A' +
        'leaky: 3 breaches%0A at scenarios/limits.stress.ts:42:7\n',
      '::error title=stressgate%3A slow inconclusive,file=pkg/scenarios/slow.stress.ts::' +
        'inconclusive: generator lag p99 40 ms > 10 ms\n',
    ])
  })
})
