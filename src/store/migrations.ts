import type pg from 'pg'

/** One schema change, applied once, in order, in its own transaction. */
export interface Migration {
  readonly version: number
  readonly name: string
  /** SQL statements; `timescale` says whether the timescaledb extension is available. */
  statements(timescale: boolean): string[]
}

export const SCHEMA = 'stressgate'

/** The run-history schema: runs, scenario results, and time-stamped samples. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'runs and scenario results',
    statements: () => [
      `create table ${SCHEMA}.runs (
        run_id text primary key,
        started_at timestamptz not null,
        finished_at timestamptz,
        certified boolean,
        services_mode text not null,
        services jsonb not null default '{}'::jsonb,
        report jsonb
      )`,
      `create table ${SCHEMA}.scenario_results (
        run_id text not null references ${SCHEMA}.runs (run_id) on delete cascade,
        scenario text not null,
        started_at timestamptz not null,
        state text not null check (state in ('passed', 'failed', 'inconclusive')),
        wall_ms double precision not null,
        metrics jsonb not null,
        histograms jsonb not null,
        primary key (run_id, scenario, started_at)
      )`,
    ],
  },
  {
    version: 2,
    name: 'samples (hypertable with TimescaleDB, BRIN time index otherwise)',
    statements: (timescale) => [
      `create table ${SCHEMA}.samples (
        ts timestamptz not null,
        run_id text not null,
        scenario text not null,
        metric text not null,
        value double precision not null
      )`,
      timescale
        ? `select create_hypertable('${SCHEMA}.samples', 'ts')`
        : `create index samples_ts_brin on ${SCHEMA}.samples using brin (ts)`,
      `create index samples_run_metric on ${SCHEMA}.samples (run_id, scenario, metric)`,
    ],
  },
]

/** What {@link migrate} did. */
export interface MigrationReport {
  readonly applied: readonly number[]
  readonly timescale: boolean
}

/**
 * Brings the `stressgate` schema up to date. Safe to run concurrently (an advisory lock
 * serialises runners) and repeatedly. Uses TimescaleDB hypertables when the extension exists.
 *
 * @example
 * const { applied, timescale } = await migrate(pool)
 */
export async function migrate(
  pool: pg.Pool,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationReport> {
  const client = await pool.connect()
  try {
    await client.query('begin')
    await client.query(`select pg_advisory_xact_lock(hashtext('${SCHEMA}.migrate'))`)
    await client.query(`create schema if not exists ${SCHEMA}`)
    await client.query(
      `create table if not exists ${SCHEMA}.schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())`,
    )
    const available = await client.query(
      `select 1 from pg_available_extensions where name = 'timescaledb'`,
    )
    const timescale = (available.rowCount ?? 0) > 0
    if (timescale) await client.query('create extension if not exists timescaledb')
    const done = await client.query<{ version: number }>(
      `select version from ${SCHEMA}.schema_migrations`,
    )
    const have = new Set(done.rows.map((r) => r.version))
    const applied: number[] = []
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (have.has(migration.version)) continue
      for (const sql of migration.statements(timescale)) await client.query(sql)
      await client.query(
        `insert into ${SCHEMA}.schema_migrations (version, name) values ($1, $2)`,
        [migration.version, migration.name],
      )
      applied.push(migration.version)
    }
    await client.query('commit')
    return { applied, timescale }
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}
