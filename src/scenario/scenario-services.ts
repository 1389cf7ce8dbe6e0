import type { Redis } from 'ioredis'
import type pg from 'pg'
import { connectPostgres, connectRedis } from '../services/clients.js'
import { serviceErrorText } from '../services/service-types.js'
import { ensureRun, recordScenario } from '../store/history.js'
import { type HeldLease, takeLease } from '../store/live-state-lease.js'
import { migrate, SCHEMA } from '../store/migrations.js'
import { RedisState } from '../store/redis-state.js'
import type { ServicesContext } from './ambient-services.js'
import { ScenarioOverlapError } from './scenario-overlap-error.js'
import type { ScenarioResult, ScenarioServicesReport, ServiceLoss } from './scenario-result.js'
import { ServiceHealthWatch } from './service-health.js'

const samePositions = (
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): boolean =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].every((s) => (a[s] ?? 0) === (b[s] ?? 0))

async function storedPositions(
  pool: pg.Pool,
  runId: string,
  result: ScenarioResult,
): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ positions: Record<string, number> | null }>(
    `select metrics->'portfolio'->'finalPositions' as positions from ${SCHEMA}.scenario_results where run_id = $1 and scenario = $2 and started_at = $3`,
    [runId, result.name, new Date(result.startedAt)],
  )
  return rows[0]?.positions ?? {}
}

/** Key prefix of the live state a scenario run writes. */
export const SCENARIO_KEY_PREFIX = 'stressgate:'

/** The key of the lease one run at a time holds on that live state. */
const LEASE_KEY = `${SCENARIO_KEY_PREFIX}lease`

const message = serviceErrorText

/**
 * The services side of one scenario run: live positions in Redis, history in PostgreSQL.
 * Disposing closes the connections (idempotent; `finish` closes them too), so a run that throws
 * part-way leaves no connection open.
 */
export interface ScenarioServices extends AsyncDisposable {
  /** The run's live state in Redis and its connection; undefined when Redis could not be used. */
  readonly redisState: { readonly state: RedisState; readonly client: Redis } | undefined
  /**
   * Services lost so far (a closed or failing Redis, a PostgreSQL that stopped answering, or
   * one unusable from the start), `atMs` on the run's clock. Probes PostgreSQL once more first.
   */
  health(): Promise<readonly ServiceLoss[]>
  /** Something of the run found `service` failing (a pipeline write, a control read). */
  lost(service: ServiceLoss['service'], reason: string): void
  /** The ledger's positions changed; they are mirrored to Redis without blocking the run. */
  positionsChanged(positions: Readonly<Record<string, number>>): void
  /** Waits for pending writes, writes `positions`, and returns what Redis now holds. */
  syncPositions(
    positions: Readonly<Record<string, number>>,
  ): Promise<Record<string, number> | undefined>
  /** Mirrors the final positions, checks Redis agrees, stores the history, closes connections. */
  finish(
    result: ScenarioResult,
    positions: Readonly<Record<string, number>>,
    extraWarnings?: readonly string[],
  ): Promise<ScenarioServicesReport>
}

/**
 * Connects to the run's Redis and PostgreSQL, takes the lease on the live state, migrates the
 * history schema and clears the live state. A service that fails is a warning in the result,
 * never a lost run; a live state another run holds is a {@link ScenarioOverlapError}.
 *
 * @example
 * const services = await openScenarioServices(ambientServices()!, { scenario: 'flash_crash' })
 */
export async function openScenarioServices(
  context: ServicesContext,
  options: { scenario: string; now?: () => number },
): Promise<ScenarioServices> {
  const { connections, runId } = context
  const warnings: string[] = []
  const watch = new ServiceHealthWatch(options.now ?? (() => performance.now()))
  let redis: Redis | undefined
  let state: RedisState | undefined
  let lease: HeldLease | undefined
  let pool: pg.Pool | undefined
  try {
    redis = await connectRedis(connections.redis)
    const taken = await takeLease(redis, LEASE_KEY, options.scenario, runId)
    if ('holder' in taken) {
      redis.disconnect()
      const h = taken.holder
      throw new ScenarioOverlapError(
        `Scenario "${options.scenario}": the live state in Redis (keys "${SCENARIO_KEY_PREFIX}*") is in use by scenario "${h.scenario}" (run ${h.runId}, pid ${h.pid} on ${h.host}, since ${h.at}). Runs that share services run one at a time: await the first runScenario before starting the next, or pass services: false to one of them.`,
      )
    }
    lease = taken
    state = new RedisState(redis, SCENARIO_KEY_PREFIX)
    await state.reset()
  } catch (error) {
    if (error instanceof ScenarioOverlapError) throw error
    warnings.push(
      `Redis (${connections.redis.backend}) unusable, live state not mirrored: ${message(error)}`,
    )
    watch.lose('redis', `unusable from the start: ${message(error)}`)
    await lease?.release().catch(() => undefined)
    lease = undefined
    redis?.disconnect()
    state = undefined
  }
  try {
    pool = connectPostgres(connections.postgres)
    await migrate(pool)
    await ensureRun(pool, {
      runId,
      startedAt: new Date(),
      servicesMode: connections.mode,
      services: Object.fromEntries(
        (['redis', 'postgres', 'pushgateway'] as const).map((s) => [
          s,
          { backend: connections[s].backend, detail: connections[s].detail },
        ]),
      ),
    })
  } catch (error) {
    warnings.push(
      `PostgreSQL (${connections.postgres.backend}) unusable, history not stored: ${message(error)}`,
    )
    watch.lose('postgres', `unusable from the start: ${message(error)}`)
    await pool?.end().catch(() => undefined)
    pool = undefined
  }
  if (redis && state) watch.watchRedis(redis)
  if (pool) watch.watchPostgres(pool)

  let writing: Promise<void> | undefined
  let pending: Readonly<Record<string, number>> | undefined
  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    watch.stop()
    await writing?.catch(() => undefined)
    await lease?.release().catch(() => undefined)
    redis?.disconnect()
    await pool?.end().catch(() => undefined)
  }
  const pump = (): void => {
    if (writing || !pending || !state) return
    const snapshot = pending
    pending = undefined
    writing = state
      .setPositions(snapshot)
      .catch((error: unknown) => {
        watch.lose('redis', `position write failed: ${message(error)}`)
        if (warnings.length < 20) warnings.push(`Redis position write failed: ${message(error)}`)
      })
      .finally(() => {
        writing = undefined
        pump()
      })
  }

  return {
    redisState: state && redis ? { state, client: redis } : undefined,
    [Symbol.asyncDispose]: close,
    lost: (service, reason) => watch.lose(service, reason),
    async health() {
      if (pool && !closed) await watch.probePostgres(pool)
      return watch.lost
    },
    async syncPositions(positions) {
      while (writing) await writing
      if (!state) return undefined
      try {
        await state.setPositions(positions)
        return await state.positions()
      } catch (error) {
        watch.lose('redis', `positions could not be synced: ${message(error)}`)
        warnings.push(`Redis positions could not be synced: ${message(error)}`)
        return undefined
      }
    },
    positionsChanged(positions) {
      pending = { ...positions }
      pump()
    },
    async finish(result, positions, extraWarnings = []) {
      warnings.push(...extraWarnings)
      let redisPositionsMatch = false
      let historyStored = false
      let redisPostgresInSync = false
      let mirrored: Record<string, number> | undefined
      while (writing) await writing
      if (state) {
        try {
          await state.setPositions(positions)
          mirrored = await state.positions()
          const inRedis = mirrored
          redisPositionsMatch = Object.entries(positions).every(([s, q]) => inRedis[s] === q)
          if (!redisPositionsMatch)
            warnings.push(
              `Redis positions ${JSON.stringify(mirrored)} differ from the ledger ${JSON.stringify(positions)}`,
            )
        } catch (error) {
          warnings.push(`Redis positions could not be checked: ${message(error)}`)
        }
      }
      if (pool) {
        try {
          await recordScenario(pool, runId, result)
          historyStored = true
          // Read the positions back from Postgres and hold them against Redis.
          const stored = await storedPositions(pool, runId, result)
          redisPostgresInSync = mirrored !== undefined && samePositions(stored, mirrored)
          if (mirrored !== undefined && !redisPostgresInSync) {
            warnings.push(
              `Redis ${JSON.stringify(mirrored)} and Postgres ${JSON.stringify(stored)} disagree on positions`,
            )
          }
        } catch (error) {
          warnings.push(
            `history not stored in PostgreSQL (the JSON report still has it): ${message(error)}`,
          )
        }
      }
      await close()
      const backend = (s: 'redis' | 'postgres' | 'pushgateway') => ({
        backend: connections[s].backend,
        detail: connections[s].detail,
      })
      return {
        runId,
        backends: {
          redis: backend('redis'),
          postgres: backend('postgres'),
          pushgateway: backend('pushgateway'),
        },
        redisPositionsMatch,
        historyStored,
        redisPostgresInSync,
        warnings,
      }
    },
  }
}
