import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CertificationReport } from '../src/report/report-schema.js'
import { freePort } from '../src/services/free-port.js'
import { startServices } from '../src/services/start-services.js'
import { leftovers, privateTempParent } from './helpers/leftovers.js'
import { assertFreshBuild, runFixture, startFixture } from './helpers/run-fixture.js'

let reports: string
beforeAll(async () => {
  assertFreshBuild()
  reports = await mkdtemp(join(tmpdir(), 'stressgate-e2e-services-'))
})
afterAll(async () => {
  if (reports) await rm(reports, { recursive: true, force: true })
})

describe('services provisioned by the plugin', () => {
  test('local binaries: real servers serve the run, the report names them, a failing test still tears down', async () => {
    const parent = await privateTempParent('e2e-local')
    const reportDir = join(reports, 'local')
    const { status, output } = runFixture('e2e-project', {
      E2E_SERVICES: 'local',
      E2E_REPORT_DIR: reportDir,
      TMPDIR: parent,
    })
    expect(status, output).toBe(1)
    expect(output).toMatch(
      /stressgate services \(local\): redis=local \(\d+ ms\) {2}postgres=local \(\d+ ms\) {2}pushgateway=local \(\d+ ms\)/,
    )
    const report = JSON.parse(
      await readFile(join(reportDir, 'certification_report.json'), 'utf8'),
    ) as CertificationReport
    expect(report.services).toMatchObject({
      mode: 'local',
      redis: { backend: 'local' },
      postgres: { backend: 'local' },
    })
    expect(report.services?.postgres.detail).toMatch(/^PostgreSQL \d+/)
    expect(report.services?.time_to_first_scenario_ms).toBeGreaterThan(0)
    expect(report.scenarios.steady_governor?.services).toEqual({
      redis: 'local',
      postgres: 'local',
      pushgateway: 'local',
      redis_positions_match: true,
      history_stored: true,
      redis_postgres_in_sync: true,
      warnings: [],
    })
    expect(await leftovers(parent), 'no server process or temp dir left').toEqual({
      dirs: [],
      processes: [],
    })
    await rm(parent, { recursive: true, force: true })
  })

  test('external services shared by two machines: the trend reads the runs stored in PostgreSQL', async () => {
    const parent = await privateTempParent('e2e-shared')
    const shared = await startServices({
      mode: 'local',
      tempParent: parent,
      warn: () => undefined,
      watchProcess: false,
    })
    try {
      const env = (reportDir: string) => ({
        E2E_SERVICES: 'external',
        E2E_REPORT_DIR: reportDir,
        STRESS_REDIS_URL: shared.connections.redis.url,
        STRESS_DATABASE_URL: shared.connections.postgres.url,
        STRESS_PUSHGATEWAY_URL: shared.connections.pushgateway.url,
        // Whole runs of a project of one scenario: a filtered run would not join the history.
        E2E_INCLUDE: 'scenarios/steady.stress.ts',
      })
      // Two report dirs stand for two machines: the second has no history.json of its own.
      const first = runFixture('e2e-project', env(join(reports, 'machine-a')))
      expect(first.status, first.output).toBe(0)
      const second = runFixture('e2e-project', env(join(reports, 'machine-b')))
      expect(second.status, second.output).toBe(0)
      const read = async (machine: string) =>
        JSON.parse(
          await readFile(join(reports, machine, 'certification_report.json'), 'utf8'),
        ) as CertificationReport
      const [a, b] = [await read('machine-a'), await read('machine-b')]
      const history = JSON.parse(
        await readFile(join(reports, 'machine-b', 'history.json'), 'utf8'),
      ) as {
        runs: { run_id: string }[]
      }
      expect(history.runs.map((r) => r.run_id)).toEqual([a.services?.run_id, b.services?.run_id])
      const dashboard = await readFile(join(reports, 'machine-b', 'dashboard.html'), 'utf8')
      expect(dashboard).toContain('<h2>Trend: decision p99 over the last 2 runs</h2>')
    } finally {
      await shared.stop()
      await rm(parent, { recursive: true, force: true })
    }
  })

  test('a setup that fails part-way stops what it started and says why', async () => {
    const parent = await privateTempParent('e2e-setup')
    const port = await freePort()
    const { status, output } = runFixture('e2e-project', {
      E2E_SERVICES: 'auto',
      E2E_REPORT_DIR: join(reports, 'setup'),
      STRESS_DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/db`,
      TMPDIR: parent,
    })
    expect(status, output).not.toBe(0)
    expect(output).toContain(
      `PostgreSQL at postgres://nobody@127.0.0.1:${port}/db is not usable: connection refused`,
    )
    expect(await leftovers(parent), 'the Redis started before the failure is gone').toEqual({
      dirs: [],
      processes: [],
    })
    await rm(parent, { recursive: true, force: true })
  })

  test('Ctrl+C during a scenario stops every server and removes the temp dir', async () => {
    const parent = await privateTempParent('e2e-sigint')
    const metricsPort = await freePort()
    const run = startFixture('sigint-project', {
      E2E_REPORT_DIR: join(reports, 'sigint'),
      E2E_METRICS_PORT: String(metricsPort),
      TMPDIR: parent,
    })
    const exited = new Promise<number | null>((resolve) =>
      run.child.once('exit', (code) => resolve(code)),
    )
    const deadline = Date.now() + 60_000
    while (!run.output().includes('SCENARIO STARTED') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(run.output(), 'the scenario started').toContain('SCENARIO STARTED')
    const running = await leftovers(parent)
    expect(running.dirs).toHaveLength(1)
    expect(
      running.processes.length,
      'redis, postgres and pushgateway are running',
    ).toBeGreaterThanOrEqual(3)

    // The /metrics server serves the run in progress.
    const live = /risk_governor_decisions_total\{[^}]*scenario="long_running"[^}]*\} [1-9]/
    let metrics = ''
    while (!live.test(metrics) && Date.now() < deadline) {
      metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then(
        (r) => r.text(),
        () => '',
      )
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(metrics, 'decisions counted live on /metrics').toMatch(live)
    expect(await (await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).json()).toEqual({
      status: 'ok',
    })

    run.child.kill('SIGINT')
    const code = await Promise.race([
      exited,
      new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000)),
    ])
    if (code === 'hung') run.child.kill('SIGKILL')
    expect(code, run.output()).not.toBe('hung')
    await new Promise((resolve) => setTimeout(resolve, 500)) // postgres children exit after their postmaster
    expect(await leftovers(parent), run.output()).toEqual({ dirs: [], processes: [] })
    await rm(parent, { recursive: true, force: true })
  })
})
