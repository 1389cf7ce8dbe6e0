import { spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type DailyState, type ProcessRecord, readState } from '../src/daily/daily-state.js'
import { stopDetached } from '../src/daily/detached-process.js'
import { processStatus } from '../src/daily/process-identity.js'
import { probePostgres, probePushgateway, probeRedis } from '../src/services/probes.js'
import { leftovers, privateTempParent } from './helpers/leftovers.js'
import { assertFreshBuild, repo } from './helpers/run-fixture.js'

// `stressgate up` / `down` as a user runs them: the built CLI in a child process, so the services
// must outlive the `up` that started them.
const bin = join(repo, 'dist/src/cli/bin.js')
const SLOW = 180_000

function assertDailyBuilt(): void {
  assertFreshBuild()
  for (const name of [
    'daily-up',
    'daily-down',
    'daily-lock',
    'archive',
    'ensure-process',
    'launchers',
    'metrics-daemon',
  ]) {
    const built = join(repo, `dist/src/daily/${name}.js`)
    const source = join(repo, `src/daily/${name}.ts`)
    if (!existsSync(built) || statSync(built).mtimeMs + 1 < statSync(source).mtimeMs) {
      throw new Error(`${built} is missing or older than its source: run "npm run build" first.`)
    }
  }
}

/** The caller's STRESS_* / STRESSGATE_* variables would change what a run does: drop them. */
const cleanEnv = (): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('STRESS_') && !k.startsWith('STRESSGATE_'),
    ),
  ),
  FORCE_COLOR: '0',
  NO_COLOR: '1',
  CI: 'true',
  GITHUB_ACTIONS: '',
})

function stressgate(...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString()
    })
    child.once('close', (code) => resolve({ code, out }))
  })
}

let parent: string
const recorded: ProcessRecord[] = []

function stateOf(file: string): DailyState {
  const read = readState(file)
  const state: DailyState =
    read.kind === 'found'
      ? read.state
      : { version: 1, day: '', services: 'local', updatedAt: '', processes: {} }
  recorded.push(...Object.values(state.processes))
  return state
}

const pids = (state: DailyState) =>
  Object.fromEntries(Object.entries(state.processes).map(([name, r]) => [name, r.pid]))

beforeAll(async () => {
  assertDailyBuilt()
  // Readable by the account PostgreSQL runs as when the tests run as root.
  parent = await privateTempParent('daily')
})
afterAll(async () => {
  // Anything a failed test left: by recorded PID, only while it is still the process started.
  for (const record of recorded) await stopDetached(record, 'SIGKILL', 1_000)
  if (parent) {
    expect((await leftovers(parent)).processes, 'no process left running').toEqual([])
    await rm(parent, { recursive: true, force: true })
  }
})

describe('stressgate up / down with real local services', () => {
  test(
    'up starts them detached, a second up reuses them, down stops them and archives, a second down is a no-op',
    async () => {
      const project = join(parent, 'project')
      await mkdir(join(project, 'archives', '20241201'), { recursive: true })
      await mkdir(join(project, 'archives', 'notes'))
      const stateFile = join(project, '.stressgate/daily/state.json')
      const common = ['--root', project, '--no-certify', '--date', '20250131']
      const upArgs = [...common, '--services', 'local', '--metrics-port', '0']

      const first = await stressgate('up', ...upArgs)
      expect(first.code, first.out).toBe(0)
      const state = stateOf(stateFile)
      expect(Object.keys(state.processes)).toEqual(['redis', 'postgres', 'pushgateway', 'metrics'])
      for (const name of ['redis', 'postgres', 'pushgateway', 'metrics'])
        expect(first.out).toMatch(new RegExp(`started +${name} `))
      const { redis, postgres, pushgateway, metrics } = state.processes
      if (!redis || !postgres || !pushgateway || !metrics) throw new Error('a process is missing')
      // The `up` process has exited: these answer from their own detached processes.
      await expect(probeRedis(redis.url), 'redis answers').resolves.toMatch(/^\d+\.\d+/)
      await expect(probePostgres(postgres.url), 'postgres answers').resolves.toMatch(
        /^PostgreSQL \d+/,
      )
      await expect(probePushgateway(pushgateway.url), 'pushgateway answers').resolves.toBe('ready')
      expect(await fetch(`${metrics.url}/healthz`).then((r) => r.json())).toEqual({ status: 'ok' })
      expect(await fetch(`${metrics.url}/metrics`).then((r) => r.text())).toContain(
        'stressgate_certification_report_present 0',
      )
      const lock = join(project, '.stressgate/daily/lock')
      expect(existsSync(lock), 'up released its lock').toBe(false)
      const daily = await readFile(join(project, 'reports/daily_report_20250131.md'), 'utf8')
      expect(daily).toContain('**Verdict: not run (--no-certify)**')
      for (const r of [redis, postgres, pushgateway, metrics])
        expect(daily).toContain(`| ${r.name} | started | ${r.url} | ${r.pid} | ${r.port} |`)

      const second = await stressgate('up', ...upArgs)
      expect(second.code, second.out).toBe(0)
      expect(second.out.match(/^reused /gm), second.out).toHaveLength(4)
      expect(pids(stateOf(stateFile)), 'the same processes').toEqual(pids(state))

      // A crash of one service between up and down: down says so and stops the rest.
      process.kill(redis.pid, 'SIGKILL')
      const down = await stressgate('down', ...common, '--keep-days', '30')
      expect(down.code, down.out).toBe(0)
      expect(down.out).toMatch(new RegExp(`redis +pid ${redis.pid} +was not running`))
      for (const r of [postgres, pushgateway, metrics])
        expect(down.out).toMatch(new RegExp(`${r.name} +pid ${r.pid} +stopped`))
      for (const r of [redis, postgres, pushgateway, metrics])
        expect(processStatus(r).state, `${r.name} (pid ${r.pid}) is gone`).toBe('gone')
      await expect(probeRedis(redis.url, 500)).rejects.toThrow(/connection refused/)
      expect(existsSync(stateFile), 'state file removed').toBe(false)
      expect(existsSync(lock), 'down released its lock').toBe(false)

      const archive = join(project, 'archives/20250131')
      expect((await readdir(archive)).sort()).toEqual([
        'daily_report_20250131.md',
        'end_of_day_20250131.md',
        'logs',
      ])
      expect(await readdir(join(project, 'reports')), 'the daily report was moved').toEqual([])
      expect((await readdir(join(archive, 'logs'))).sort()).toEqual([
        'metrics.log',
        'postgres.log',
        'pushgateway.log',
        'redis.log',
      ])
      expect(await readFile(join(archive, 'logs/postgres.log'), 'utf8')).toContain(
        'database system is shut down',
      )
      expect((await readdir(join(project, 'archives'))).sort(), 'retention').toEqual([
        '20250131',
        'notes',
      ])
      expect(down.out).toContain('- Retention (30 days): deleted 20241201; 1 day(s) kept')

      const again = await stressgate('down', ...common)
      expect(again.code, again.out).toBe(0)
      expect(again.out).toContain('no state file: nothing recorded as running')
      expect(again.out).toContain('day 20250131 is already closed')
      const closed = await readFile(join(archive, 'end_of_day_20250131.md'), 'utf8')
      expect(closed).toMatch(/postgres \(pid \d+\): stopped/)
      expect(closed, 'the closed day is left as it was').not.toContain('---')
    },
    SLOW,
  )

  test(
    'up certifies the fixture against the daily services; the metrics server shows the verdict',
    async () => {
      const root = join(repo, 'test/fixtures/certify-project')
      const work = join(parent, 'certify')
      const dirs = [
        '--root',
        root,
        '--state-dir',
        join(work, 'state'),
        '--report-dir',
        join(work, 'reports'),
        '--archive-dir',
        join(work, 'archives'),
        '--date',
        '20250131',
      ]
      const up = await stressgate('up', ...dirs, '--metrics-port', '0')
      const state = stateOf(join(work, 'state/state.json'))
      const report = JSON.parse(
        await readFile(join(work, 'reports/certification_report.json'), 'utf8'),
      )
      expect(report.services?.mode, 'the run used the daily services').toBe('external')
      expect(report.services?.redis.backend).toBe('external')
      expect(report.services?.postgres.backend).toBe('external')
      expect(report.services?.pushgateway.backend).toBe('external')
      const scenario = report.scenarios.quick_governor
      // On 2 loaded cores the fixture's load generator can fall behind: the run is then honestly
      // inconclusive (never green). Any other way of not passing fails this test.
      const loaded =
        scenario?.state === 'inconclusive' && /fell behind/.test(scenario.inconclusive_reason)
      const verdict = loaded ? 'NOT CERTIFIED 0/1' : 'CERTIFIED 1/1'
      expect(
        scenario?.state === 'passed' || loaded,
        JSON.stringify(scenario?.inconclusive_reason ?? scenario?.failure_messages),
      ).toBe(true)
      expect(up.code, up.out).toBe(loaded ? 1 : 0)
      expect(up.out).toContain(
        `certification: ${verdict} scenarios passed (services: external: redis://127.0.0.1:`,
      )
      const daily = await readFile(join(work, 'reports/daily_report_20250131.md'), 'utf8')
      expect(daily).toContain(`**Verdict: ${verdict} scenarios passed`)
      expect(daily).toMatch(
        new RegExp(`\\| quick_governor \\| ${scenario?.state} \\| [\\d.]+ ms \\| 0 \\|`),
      )
      expect(daily).toContain('- [certification_report.json](certification_report.json)')
      const scraped = await fetch(`${state.processes.metrics?.url}/metrics`).then((r) => r.text())
      expect(scraped).toContain(`stressgate_certified ${loaded ? 0 : 1}`)
      expect(scraped).toContain(
        `stressgate_scenario_passed{scenario="quick_governor"} ${loaded ? 0 : 1}`,
      )

      const down = await stressgate('down', ...dirs, '--no-certify')
      expect(down.code, down.out).toBe(0)
      for (const r of Object.values(state.processes)) expect(processStatus(r).state).toBe('gone')
      const history = await readFile(join(work, 'reports/history.json'), 'utf8')
      expect((await readdir(join(work, 'archives/20250131'))).sort()).toEqual([
        'certification_report.json',
        'daily_report_20250131.md',
        'dashboard.html',
        'end_of_day_20250131.md',
        'history.json',
        'junit.xml',
        'logs',
        'summary.md',
      ])
      expect(
        await readdir(join(work, 'reports')),
        "the day's reports were moved; the multi-day run history stays",
      ).toEqual(['history.json'])
      expect(await readFile(join(work, 'archives/20250131/history.json'), 'utf8')).toBe(history)
    },
    SLOW,
  )
})
