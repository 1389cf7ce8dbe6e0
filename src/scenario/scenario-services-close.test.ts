import { Redis } from 'ioredis'
import pg from 'pg'
import { describe, expect, test } from 'vitest'
import { referenceGovernor } from '../governor/reference-governor.js'
import { constantRate } from '../load/constant-rate.js'
import { flashCrash } from '../market/flash-crash.js'
import { startServices } from '../services/start-services.js'
import { runScenario } from './run-scenario.js'

/** Polls (bounded) until `count` returns `want`; returns the last count. */
async function settlesAt(count: () => Promise<number>, want: number): Promise<number> {
  let n = await count()
  for (let i = 0; i < 100 && n !== want; i++) {
    await new Promise((r) => setTimeout(r, 20))
    n = await count()
  }
  return n
}

describe('a run that throws part-way', () => {
  test('closes its Redis (also the control subscriber) and PostgreSQL connections (real servers)', async () => {
    await using services = await startServices({
      mode: 'local',
      warn: () => undefined,
      watchProcess: false,
    })
    const redis = new Redis(services.connections.redis.url, { lazyConnect: true })
    await redis.connect()
    const pool = new pg.Pool({ connectionString: services.connections.postgres.url, max: 1 })
    try {
      const redisClients = async () =>
        String(await redis.call('CLIENT', 'LIST'))
          .trim()
          .split('\n').length
      const pgSessions = async () =>
        Number(
          (
            await pool.query(
              'select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
            )
          ).rows[0]?.n,
        )
      expect(await redisClients(), 'only this test is connected').toBe(1)
      expect(await pgSessions()).toBe(0)

      const run = runScenario({
        name: 'faulty_fault',
        seed: 1,
        // Under live Redis control: its flag subscriber is a connection of its own.
        engine: referenceGovernor({ maxPositionUsd: 50_000, maxDrawdownPct: 20 }),
        redisControl: true,
        market: flashCrash({ overMs: 200 }),
        load: constantRate({ perSecond: 50, durationMs: 600 }),
        services: { runId: 'throws', connections: services.connections },
        maxScheduleLagMs: 1_000,
        faults: [
          {
            at: 100,
            fault: {
              name: 'broken_fault',
              apply() {
                throw new Error('the fault could not start')
              },
            },
          },
        ],
      })
      await expect(run).rejects.toThrow('the fault could not start')
      expect(await settlesAt(redisClients, 1), 'the run left no Redis connection').toBe(1)
      expect(await settlesAt(pgSessions, 0), 'the run left no PostgreSQL session').toBe(0)
    } finally {
      redis.disconnect()
      await pool.end()
    }
  })
})
