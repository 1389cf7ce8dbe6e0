import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { repo } from '../../test/helpers/run-fixture.js'
import type { CertifyRequest } from '../daily/certification-run.js'
import { type DailyState, readState } from '../daily/daily-state.js'
import { stopDetached } from '../daily/detached-process.js'
import { processStatus } from '../daily/process-identity.js'
import { CliError } from './cli-io.js'
import { createCli } from './create-cli.js'
import { registerDaily } from './daily-command.js'

async function cli(...argv: string[]) {
  let out = ''
  let err = ''
  const code = await createCli({ out: (t) => (out += t), err: (t) => (err += t) }).run(argv)
  return { code, out, err }
}

let dir: string
const started: DailyState['processes'][keyof DailyState['processes']][] = []
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stressgate-daily-cli-'))
})
afterAll(async () => {
  // Whatever a failed test left running, by its recorded PID (checked to still be ours).
  const left = readState(join(dir, 'state', 'state.json'))
  if (left.kind === 'found') started.push(...Object.values(left.state.processes))
  for (const record of started) if (record) await stopDetached(record, 'SIGKILL', 1_000)
  await rm(dir, { recursive: true, force: true })
})

describe('stressgate up/down: bad input is refused before anything starts', () => {
  test.each([
    [
      ['up', '--services', 'docker'],
      '--services "docker": allowed values are local, embedded. Example: stressgate up --services embedded',
    ],
    [
      ['up', '--metrics-port', '80000'],
      '--metrics-port expects an integer from 0 to 65535, got "80000". Example: stressgate up --metrics-port 8001',
    ],
    [
      ['down', '--keep-days', '0'],
      '--keep-days expects an integer from 1 to 36500, got "0". Example: stressgate down --keep-days 30',
    ],
    [
      ['down', '--date', '2025-01-31'],
      '--date "2025-01-31" is not a day as YYYYMMDD (a real calendar date, 8 digits). Example: --date 20250131',
    ],
    [
      ['up', '--root', '/nonexistent/stressgate'],
      '--root /nonexistent/stressgate is not a directory.',
    ],
  ])('%j', async (argv, message) => {
    const run = await cli(...argv, '--no-certify', '--state-dir', join(dir, 'refused'))
    expect(run.code).toBe(2)
    expect(run.err).toContain(`stressgate: ${message}`)
    expect(run.out).toBe('')
  })
})

/** The wiring of createCli with a stand-in certification. */
async function daily(runner: (r: CertifyRequest) => Promise<number>, ...argv: string[]) {
  let out = ''
  let code = 0
  const program = new Command('stressgate').exitOverride()
  registerDaily(
    program,
    { out: (t) => (out += t), err: (t) => (out += t) },
    (c) => {
      code = c
    },
    runner,
  )
  try {
    await program.parseAsync(argv, { from: 'user' })
  } catch (error) {
    if (!(error instanceof CliError)) throw error
    return { code: error.exitCode, out: `${out}${error.message}` }
  }
  return { code, out }
}

const failedReport = () =>
  JSON.stringify({
    schema_version: 1,
    certified: false,
    certification_timestamp: new Date().toISOString(),
    summary: {
      total_scenarios: 1,
      passed_scenarios: 0,
      failed_scenarios: 1,
      inconclusive_scenarios: 0,
      pass_rate_pct: 0,
    },
    scenarios: {
      flash_crash: {
        overall_pass: false,
        state: 'failed',
        test_state: 'failed',
        file: 'x',
        duration_ms: 1,
        decision_p99_ms: 21,
        hard_limit_breaches: 2,
        criteria: {},
        failure_messages: [],
      },
    },
  })

describe('stressgate up/down with an injected certification (--services embedded)', () => {
  test('a failed certification: exit 1 from up and down, reports written and archived', async () => {
    const root = join(repo, 'test/fixtures/certify-project')
    const paths = [
      '--state-dir',
      join(dir, 'state'),
      '--report-dir',
      join(dir, 'reports'),
      '--archive-dir',
      join(dir, 'archives'),
    ]
    const requests: CertifyRequest[] = []
    const up = await daily(
      async (request) => {
        requests.push(request)
        await mkdir(request.reportDir, { recursive: true })
        await writeFile(join(request.reportDir, 'certification_report.json'), failedReport())
        return 1
      },
      'up',
      '--root',
      root,
      '--services',
      'embedded',
      '--metrics-port',
      '0',
      '--date',
      '20250131',
      ...paths,
    )
    const state = readState(join(dir, 'state', 'state.json'))
    if (state.kind === 'found') started.push(...Object.values(state.state.processes))
    expect(up.code, up.out).toBe(1)
    expect(requests).toEqual([
      { root, reportDir: join(dir, 'reports'), services: 'embedded', env: {} },
    ])
    expect(up.out).toContain(
      'certification: NOT CERTIFIED 0/1 scenarios passed (services: embedded)',
    )
    const md = await readFile(join(dir, 'reports', 'daily_report_20250131.md'), 'utf8')
    expect(md).toContain('| flash_crash | failed | 21 ms | 2 | - | - |')
    expect(
      state.kind === 'found' && Object.keys(state.state.processes),
      'only the metrics server',
    ).toEqual(['metrics'])
    const metrics = state.kind === 'found' ? state.state.processes.metrics : undefined
    const scraped = await fetch(`${metrics?.url}/metrics`).then((r) => r.text())
    expect(scraped).toContain('stressgate_certified 0')

    const down = await daily(async () => 2, 'down', '--root', root, '--date', '20250131', ...paths)
    expect(down.code, down.out).toBe(2)
    expect(down.out).toContain('- Final certification: NO REPORT: the run exited with code 2')
    expect(down.out).toMatch(/metrics +pid \d+ +stopped/)
    expect(processStatus(metrics ?? { pid: 0, marker: '' }).state).toBe('gone')
    expect((await readdir(join(dir, 'archives', '20250131'))).sort()).toEqual([
      'certification_report.json',
      'daily_report_20250131.md',
      'end_of_day_20250131.md',
      'logs',
    ])
    expect(await readdir(join(dir, 'reports')), "the day's reports were moved").toEqual([])
    expect(existsSync(join(dir, 'state', 'lock')), 'the lock is released').toBe(false)
  }, 60_000)
})
