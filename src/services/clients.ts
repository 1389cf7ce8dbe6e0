import type { Redis } from 'ioredis'
import pg from 'pg'
import type { ServiceEndpoint } from './service-types.js'

/** Redis connection options that fail fast instead of queueing forever when the server is gone. */
const REDIS_OPTIONS = { maxRetriesPerRequest: 2, connectTimeout: 3_000, lazyConnect: true } as const

/**
 * An ioredis client for an endpoint; for the embedded backend, an in-memory ioredis-mock with
 * the same interface (instances in one process share data).
 *
 * @example
 * const redis = await connectRedis(connections.redis)
 * await redis.set('governor.pause', '1')
 */
export async function connectRedis(endpoint: ServiceEndpoint): Promise<Redis> {
  if (endpoint.backend === 'embedded') {
    const { default: RedisMock } = await import('ioredis-mock')
    return new RedisMock({ host: 'stressgate-embedded', port: 6379 }) as unknown as Redis
  }
  const { Redis: RedisClient } = await import('ioredis')
  const client = new RedisClient(endpoint.url, REDIS_OPTIONS)
  await client.connect()
  return client
}

/**
 * A `pg` pool for an endpoint. The embedded PGlite shares one session across connections, so
 * its pool holds a single connection.
 *
 * @example
 * const pool = connectPostgres(connections.postgres)
 * await pool.query('select 1')
 */
export function connectPostgres(endpoint: ServiceEndpoint): pg.Pool {
  const pool = new pg.Pool({
    connectionString: endpoint.url,
    max: endpoint.backend === 'embedded' ? 1 : 4,
    connectionTimeoutMillis: 5_000,
  })
  pool.on('error', () => undefined) // idle-client errors surface on the next query
  return pool
}
