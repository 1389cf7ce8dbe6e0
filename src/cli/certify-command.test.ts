import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { assertFreshBuild, repo } from '../../test/helpers/run-fixture.js'
import { encoded } from '../report/compare-fixture.js'
import type { CertificationReport } from '../report/report-schema.js'
import { createCli } from './create-cli.js'

const bin = join(repo, 'dist/src/cli/bin.js')
const fixture = (name: string) => join(repo, 'test/fixtures', name)
const SLOW = 180_000

/** The command runs from dist/, like a user's `npx stressgate certify`: it must be built. */
function assertCertifyBuilt(): void {
  assertFreshBuild()
  for (const [source, built] of [
    ['src/cli/certify-command.ts', 'dist/src/cli/certify-command.js'],
    ['plugin/stress-plugin.ts', 'dist/plugin/stress-plugin.js'],
  ] as const) {
    const out = join(repo, built)
    if (!existsSync(out) || statSync(out).mtimeMs + 1 < statSync(join(repo, source)).mtimeMs) {
      throw new Error(`${built} is missing or older than ${source}: run "npm run build" first.`)
    }
  }
}

/** The caller's STRESS_* / STRESSGATE_* variables would change what a run does: drop them. */
function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('STRESS_') && !k.startsWith('STRESSGATE_'),
    ),
  )
  return { ...base, FORCE_COLOR: '0', NO_COLOR: '1', CI: 'true', ...env }
}

/** Starts the built `stressgate certify` in a fixture project, output captured. */
function startCertify(
  cwd: string,
  env: NodeJS.ProcessEnv,
  ...args: string[]
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [bin, 'certify', ...args], {
    cwd,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const collect = (d: Buffer) => {
    output += d.toString()
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve))
  return { child, output: () => output, exited }
}

async function certify(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]) {
  const run = startCertify(cwd, env, ...args)
  const code = await run.exited
  return { code, output: run.output() }
}

/** In-process, for the refusals that never start Vitest. */
async function cliInProcess(...argv: string[]) {
  let out = ''
  let err = ''
  const code = await createCli({ out: (t) => (out += t), err: (t) => (err += t) }).run(argv)
  return { code, out, err }
}

const readReport = async (dir: string): Promise<CertificationReport> =>
  JSON.parse(await readFile(join(dir, 'certification_report.json'), 'utf8')) as CertificationReport

/** Processes still carrying this run's report dir in their environment: the vitest child, its workers. */
async function processesWith(reportDir: string): Promise<string[]> {
  const marker = `STRESSGATE_REPORT_DIR=${reportDir}\0`
  const found: string[] = []
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      if ((await readFile(`/proc/${pid}/environ`, 'utf8')).includes(marker)) found.push(pid)
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return found
}

let dir: string
beforeAll(async () => {
  assertCertifyBuilt()
  dir = await mkdtemp(join(tmpdir(), 'stressgate-certify-'))
})
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('stressgate certify', () => {
  test('an --engine that does not exist is refused before anything runs', async () => {
    const refused = await cliInProcess('certify', '--engine', join(dir, 'nope.ts'))
    expect(refused).toMatchObject({ code: 2 })
    expect(refused.err).toContain(`--engine ${join(dir, 'nope.ts')}: no such file`)
  })

  test('refuses an unknown --services before running anything', async () => {
    const run = await cliInProcess(
      'certify',
      '--services',
      'docker',
      '--root',
      fixture('certify-project'),
    )
    expect(run.code).toBe(2)
    expect(run.err).toContain(
      '--services "docker": allowed values are auto, external, testcontainers',
    )
    expect(run.err).toContain('Example: stressgate certify --services require-real')
  })

  test('refuses an unknown --time before running anything', async () => {
    const run = await cliInProcess(
      'certify',
      '--time',
      'fast',
      '--root',
      fixture('certify-project'),
    )
    expect(run.code).toBe(2)
    expect(run.err).toContain('--time "fast": allowed values are simulated, real.')
  })

  test('a project without vitest: exit 2 and how to fix it', async () => {
    const empty = join(dir, 'no-vitest')
    await mkdir(empty)
    const run = await cliInProcess('certify', '--root', empty)
    expect(run.code).toBe(2)
    expect(run.err).toContain(`vitest is not installed in ${empty}`)
    expect(run.err).toContain('npm install -D vitest')
    const missing = await cliInProcess('certify', '--root', join(dir, 'nowhere'))
    expect(missing).toMatchObject({ code: 2 })
    expect(missing.err).toContain('is not a directory')
  })

  test(
    'every scenario passes: exit 0 and a report of this run',
    async () => {
      const reportDir = join(dir, 'pass')
      const { code, output } = await certify(
        fixture('certify-project'),
        {},
        '--report-dir',
        reportDir,
      )
      expect(code, output).toBe(0)
      expect(output).toContain('stressgate certify: CERTIFIED  1/1 scenarios passed')
      const report = await readReport(reportDir)
      expect(report.certified).toBe(true)
      expect(Object.keys(report.scenarios)).toEqual(['quick_governor'])
    },
    SLOW,
  )

  test(
    '--engine: a user engine module is certified on the project, and the report names it',
    async () => {
      const reportDir = join(dir, 'user-engine')
      const engine = join(repo, 'fixtures/engines/my-governor.ts')
      const { code, output } = await certify(
        fixture('certify-project'),
        {},
        '--report-dir',
        reportDir,
        '--engine',
        engine,
        '--no-standard-suite',
      )
      expect(code, output).toBe(0)
      expect(output).toContain('stressgate certify: CERTIFIED  1/1 scenarios passed')
      const report = await readReport(reportDir)
      expect(report.engine, 'the report names the engine module').toBe(engine)
      expect(report.scenarios.quick_governor?.engine).toBe(engine)
    },
    SLOW,
  )

  test(
    '--engine with a faulty governor: NOT CERTIFIED, for the breach it causes',
    async () => {
      const reportDir = join(dir, 'faulty-engine')
      const { code, output } = await certify(
        fixture('certify-project'),
        {},
        '--report-dir',
        reportDir,
        '--engine',
        join(repo, 'fixtures/mutants/ignores-position-limit.ts'),
        '--no-standard-suite',
      )
      expect(code, output).toBe(1)
      const report = await readReport(reportDir)
      expect(report.certified).toBe(false)
      expect(report.scenarios.quick_governor?.criteria.hard_limit_breaches?.pass).toBe(false)
    },
    SLOW,
  )

  test(
    '--baseline reaches the plugin: a regression with failOnRegression exits 1 and says so',
    async () => {
      const passed = await readReport(join(dir, 'pass')) // written by the test above
      const quick = passed.scenarios.quick_governor
      if (quick?.histograms === undefined) throw new Error('the passing run has no histograms')
      const fast = encoded([1, 1_000]) // every decision in 1 us: any real run is slower
      const baseline = join(dir, 'baseline.json')
      await writeFile(
        baseline,
        JSON.stringify({
          ...passed,
          scenarios: {
            quick_governor: { ...quick, histograms: { ...quick.histograms, decision: fast } },
          },
        }),
      )
      const reportDir = join(dir, 'regressed')
      const { code, output } = await certify(
        fixture('certify-project'),
        { CERTIFY_FAIL_ON_REGRESSION: '1' },
        '--report-dir',
        reportDir,
        '--baseline',
        baseline,
      )
      expect(code, output).toBe(1)
      expect(output).toContain(
        `every scenario passed, but a scenario regressed against the baseline ${baseline} and failOnRegression is set`,
      )
      const report = await readReport(reportDir)
      expect(report.certified).toBe(true)
      expect(report.baseline?.scenarios.quick_governor?.verdict).toBe('regression')
    },
    SLOW,
  )

  test(
    'a failing scenario: exit 1 naming it and why; --services overrides the config',
    async () => {
      const reportDir = join(dir, 'fail')
      // The config asks for external services, which this environment lacks; --services wins.
      const { code, output } = await certify(
        fixture('e2e-project'),
        { E2E_SERVICES: 'external' },
        '--services',
        'embedded',
        '--report-dir',
        reportDir,
      )
      expect(code, output).toBe(1)
      expect(output).toMatch(
        /stressgate certify: NOT CERTIFIED {2}1\/2 scenarios passed.*\n {2}FAIL leaky_governor\n {6}leaky_governor: expected hard-limit breaches == 0, actual \d+/,
      )
      expect(output, 'the passing scenario is not listed').not.toMatch(/(FAIL|INCONCLUSIVE) steady/)
      const report = await readReport(reportDir)
      expect(report.services?.mode, 'STRESSGATE_SERVICES reached the plugin').toBe('embedded')
      expect(report.scenarios.leaky_governor?.state).toBe('failed')
    },
    SLOW,
  )

  test(
    'a run that writes no report: exit 2, and an older report is not taken for this run',
    async () => {
      const env = { CERTIFY_INCLUDE: 'nothing/**/*.stress.ts' }
      const none = join(dir, 'none')
      const first = await certify(fixture('certify-project'), env, '--report-dir', none)
      expect(first.code, first.output).toBe(2)
      expect(first.output).toContain(`left no report at ${join(none, 'certification_report.json')}`)

      const stale = join(dir, 'stale')
      await mkdir(stale)
      const old = {
        schema_version: 1,
        certified: true,
        certification_timestamp: '2020-01-01T00:00:00.000Z',
        summary: {},
        scenarios: {},
      }
      await writeFile(join(stale, 'certification_report.json'), JSON.stringify(old))
      const second = await certify(fixture('certify-project'), env, '--report-dir', stale)
      expect(second.code, second.output).toBe(2)
      expect(second.output).toContain('is from an earlier run (2020-01-01T00:00:00.000Z)')
    },
    SLOW,
  )

  test(
    'STRESSGATE_SERVICES is checked like the option',
    async () => {
      const { code, output } = await certify(
        fixture('certify-project'),
        { STRESSGATE_SERVICES: 'bogus' },
        '--report-dir',
        join(dir, 'bogus'),
      )
      expect(code, output).toBe(2)
      expect(output).toContain(
        `STRESSGATE_SERVICES="bogus": allowed values are 'auto', 'external', 'testcontainers', 'local', 'embedded', 'require-real'.`,
      )
    },
    SLOW,
  )

  test(
    'Ctrl+C is passed to the run, which is waited for: exit 2, nothing certified',
    async () => {
      const reportDir = join(dir, 'sigint')
      const run = startCertify(
        fixture('certify-project'),
        { CERTIFY_DURATION_MS: '60000' },
        '--report-dir',
        reportDir,
      )
      const deadline = Date.now() + 120_000
      while (!run.output().includes('certify fixture: scenario started') && Date.now() < deadline) {
        if (run.child.exitCode !== null) break
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(run.output()).toContain('certify fixture: scenario started')
      run.child.kill('SIGINT')
      const code = await Promise.race([
        run.exited,
        new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 30_000)),
      ])
      if (code === 'hung') run.child.kill('SIGKILL')
      expect(code, run.output()).toBe(2)
      expect(run.output()).toContain('stressgate: interrupted by SIGINT before the run finished')
      // Vitest's fork workers may take a moment after their parent to notice it is gone.
      let left = await processesWith(reportDir)
      for (let i = 0; i < 50 && left.length > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200))
        left = await processesWith(reportDir)
      }
      expect(left, 'no vitest process left running').toEqual([])
    },
    SLOW,
  )
})
