import type pg from 'pg'
import type { ScenarioResult } from '../scenario/scenario-result.js'
import { SCHEMA } from './migrations.js'

/** A run as the history keeps it. */
export interface RunRecord {
  readonly runId: string
  readonly startedAt: Date
  readonly servicesMode: string
  readonly services: Readonly<Record<string, unknown>>
}

/**
 * Creates the run's row if it does not exist yet (every worker may call it).
 *
 * @example
 * await ensureRun(pool, { runId, startedAt: new Date(), servicesMode: 'auto', services: {} })
 */
export async function ensureRun(pool: pg.Pool, run: RunRecord): Promise<void> {
  await pool.query(
    `insert into ${SCHEMA}.runs (run_id, started_at, services_mode, services) values ($1, $2, $3, $4) on conflict (run_id) do nothing`,
    [run.runId, run.startedAt, run.servicesMode, JSON.stringify(run.services)],
  )
}

/**
 * Closes a run with its certification verdict and the report itself.
 *
 * @example
 * await finishRun(pool, runId, report.certified, report)
 */
export async function finishRun(
  pool: pg.Pool,
  runId: string,
  certified: boolean,
  report: unknown,
): Promise<void> {
  await pool.query(
    `update ${SCHEMA}.runs set finished_at = now(), certified = $2, report = $3 where run_id = $1`,
    [runId, certified, JSON.stringify(report)],
  )
}

const SAMPLE_METRICS = [
  'decisions',
  'p50Ms',
  'p99Ms',
  'maxMs',
  'price',
  'positionQty',
  'equityUsd',
  'drawdownPct',
] as const

/**
 * Stores one scenario result and its per-window samples, in one transaction.
 *
 * @example
 * await recordScenario(pool, runId, result)
 */
export async function recordScenario(
  pool: pg.Pool,
  runId: string,
  result: ScenarioResult,
): Promise<number> {
  const started = new Date(result.startedAt)
  const metrics = {
    latency: result.latency,
    decisions: result.decisions,
    portfolio: result.portfolio,
    breaches: result.breaches.count,
    market: result.market,
    criteria: result.criteria,
    environment: result.environment,
  }
  const rows: (string | number | Date)[][] = []
  for (const w of result.timeline) {
    const ts = new Date(started.getTime() + w.startMs)
    for (const metric of SAMPLE_METRICS) rows.push([ts, metric, w[metric]])
  }
  const client = await pool.connect()
  try {
    await client.query('begin')
    await client.query(
      `insert into ${SCHEMA}.scenario_results (run_id, scenario, started_at, state, wall_ms, metrics, histograms) values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        runId,
        result.name,
        started,
        result.state,
        result.wallMs,
        JSON.stringify(metrics),
        JSON.stringify(result.histograms),
      ],
    )
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500)
      const values = chunk.map(
        (_, j) =>
          `($${j * 3 + 1}, $${chunk.length * 3 + 1}, $${chunk.length * 3 + 2}, $${j * 3 + 2}, $${j * 3 + 3})`,
      )
      await client.query(
        `insert into ${SCHEMA}.samples (ts, run_id, scenario, metric, value) values ${values.join(', ')}`,
        [...chunk.flat(), runId, result.name],
      )
    }
    await client.query('commit')
    return rows.length
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

/**
 * The reports of the newest finished runs, newest first: the run history kept in PostgreSQL
 * (what the dashboard's trend reads when several machines share one database).
 *
 * @example
 * const reports = await recentRunReports(pool, 20)
 */
export async function recentRunReports(pool: pg.Pool, limit: number): Promise<unknown[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be an integer >= 1, got ${limit}`)
  const { rows } = await pool.query<{ report: unknown }>(
    `select report from ${SCHEMA}.runs where finished_at is not null and report is not null order by finished_at desc limit $1`,
    [limit],
  )
  return rows.map((r) => (typeof r.report === 'string' ? JSON.parse(r.report) : r.report))
}
