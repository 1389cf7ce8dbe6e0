import { rm } from 'node:fs/promises'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { privateTempParent } from '../../test/helpers/leftovers.js'
import { virtualRun } from '../../test/helpers/virtual-run.js'
import { connectPostgres } from '../services/clients.js'
import type { StartedServices } from '../services/service-types.js'
import { startServices } from '../services/start-services.js'
import { ensureRun, finishRun, recentRunReports, recordScenario } from './history.js'
import { migrate } from './migrations.js'

let dir: string
let local: StartedServices
let embedded: StartedServices
const quiet = { warn: () => undefined, watchProcess: false }

beforeAll(async () => {
  dir = await privateTempParent('history')
  local = await startServices({ mode: 'local', tempParent: dir, ...quiet })
  embedded = await startServices({ mode: 'embedded', ...quiet })
}, 60_000)
afterAll(async () => {
  await local.stop()
  await embedded.stop()
  await rm(dir, { recursive: true, force: true })
})

describe.each([
  ['real PostgreSQL', () => local],
  ['embedded PGlite', () => embedded],
])('run history on %s', (_, services) => {
  let pool: pg.Pool
  beforeAll(() => {
    pool = connectPostgres(services().connections.postgres)
  })
  afterAll(() => pool.end())

  test('migrations apply once, in order, with a BRIN time index without TimescaleDB', async () => {
    const first = await migrate(pool)
    expect(first).toEqual({ applied: [1, 2], timescale: false })
    expect(await migrate(pool), 'a second run changes nothing').toEqual({
      applied: [],
      timescale: false,
    })
    const index = await pool.query(
      `select indexdef from pg_indexes where schemaname = 'stressgate' and indexname = 'samples_ts_brin'`,
    )
    expect(index.rows[0]?.indexdef).toMatch(/USING brin \(ts\)/)
  })

  test('a run, its scenario and one sample per window and metric', async () => {
    const result = await virtualRun('history_case')
    await ensureRun(pool, {
      runId: 'run-1',
      startedAt: new Date('2026-11-25T10:00:00Z'),
      servicesMode: 'local',
      services: { redis: 'local' },
    })
    await ensureRun(pool, {
      runId: 'run-1',
      startedAt: new Date(),
      servicesMode: 'x',
      services: {},
    })
    const samples = await recordScenario(pool, 'run-1', result)
    expect(samples, 'windows x 8 metrics').toBe(result.timeline.length * 8)
    await finishRun(pool, 'run-1', true, { certified: true })

    const run = await pool.query(
      `select services_mode, certified, finished_at is not null as finished from stressgate.runs where run_id = 'run-1'`,
    )
    expect(run.rows).toEqual([{ services_mode: 'local', certified: true, finished: true }])
    const scenario = await pool.query(
      `select state, metrics->'decisions'->>'dispatched' as n from stressgate.scenario_results where run_id = 'run-1'`,
    )
    expect(scenario.rows).toEqual([{ state: 'passed', n: '100' }])
    const p99 = await pool.query(
      `select value from stressgate.samples where run_id = 'run-1' and metric = 'p99Ms' order by ts limit 1`,
    )
    expect(p99.rows[0]?.value).toBe(result.timeline[0]?.p99Ms)
  })

  test('recentRunReports: finished runs only, newest first, at most limit', async () => {
    for (const id of ['old', 'open', 'new']) {
      await ensureRun(pool, { runId: id, startedAt: new Date(), servicesMode: 'x', services: {} })
    }
    await finishRun(pool, 'old', true, { run: 'old' })
    await new Promise((r) => setTimeout(r, 5)) // distinct finished_at
    await finishRun(pool, 'new', false, { run: 'new' })
    const reports = await recentRunReports(pool, 10)
    expect(reports.slice(0, 2)).toEqual([{ run: 'new' }, { run: 'old' }])
    expect(reports).not.toContainEqual(expect.objectContaining({ run: 'open' }))
    expect(await recentRunReports(pool, 1)).toEqual([{ run: 'new' }])
    await expect(recentRunReports(pool, 0)).rejects.toThrow('limit must be an integer >= 1, got 0')
  })
})
