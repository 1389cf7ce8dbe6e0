import { Redis } from 'ioredis'
import pg from 'pg'
import { ServiceUnreachableError } from './service-error.js'
import { redactUrl } from './service-types.js'

const hostPort = (url: string): string => {
  try {
    const u = new URL(url)
    return `${u.hostname}:${u.port}`
  } catch {
    return url
  }
}

function explain(
  service: string,
  url: string,
  error: unknown,
  envVar: string,
): ServiceUnreachableError {
  const e = error as { code?: string; message?: string }
  const shown = redactUrl(url)
  let why: string
  if (e.code === 'ECONNREFUSED')
    why = `connection refused at ${hostPort(url)}: nothing listens there. Start ${service} or fix the host/port in ${envVar}`
  else if (e.code === 'ENOTFOUND') why = `host of ${shown} not found. Fix the host in ${envVar}`
  else if (
    e.code === '28P01' ||
    /WRONGPASS|NOAUTH|invalid username-password|password authentication failed/i.test(
      e.message ?? '',
    )
  )
    why = `authentication failed (${e.message}). Fix the user/password in ${envVar}`
  else if (e.code === '3D000')
    why = `${e.message}. Create the database or fix its name in ${envVar}`
  else why = `${e.message ?? String(error)}. Check ${envVar}`
  return new ServiceUnreachableError(`${service} at ${shown} is not usable: ${why}.`, {
    cause: error,
  })
}

/**
 * Connects, PINGs and disconnects; throws {@link ServiceUnreachableError} saying why not.
 *
 * @example
 * await probeRedis('redis://127.0.0.1:6379')
 */
export async function probeRedis(
  url: string,
  timeoutMs = 3_000,
  envVar = 'STRESS_REDIS_URL',
): Promise<string> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  })
  // ioredis rejects with "Connection is closed"; the real reason arrives as an 'error' event.
  let reason: unknown
  client.on('error', (error: unknown) => {
    reason ??= error
  })
  try {
    await client.connect()
    await client.ping()
    const info = await client.info('server')
    return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown'
  } catch (error) {
    throw explain('Redis', url, reason ?? error, envVar)
  } finally {
    client.disconnect()
  }
}

/**
 * Connects, runs `select version()` and disconnects; throws {@link ServiceUnreachableError}.
 *
 * @example
 * await probePostgres('postgres://postgres@127.0.0.1:5432/postgres')
 */
export async function probePostgres(
  url: string,
  timeoutMs = 3_000,
  envVar = 'STRESS_DATABASE_URL',
): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs })
  client.on('error', () => undefined)
  try {
    await client.connect()
    const { rows } = await client.query<{ v: string }>('select version() as v')
    return rows[0]?.v.split(' ').slice(0, 2).join(' ') ?? 'unknown'
  } catch (error) {
    throw explain('PostgreSQL', url, error, envVar)
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * GETs `/-/ready`; throws {@link ServiceUnreachableError} when the Pushgateway does not answer 200.
 *
 * @example
 * await probePushgateway('http://127.0.0.1:9091')
 */
export async function probePushgateway(
  url: string,
  timeoutMs = 3_000,
  envVar = 'STRESS_PUSHGATEWAY_URL',
): Promise<string> {
  try {
    const response = await fetch(new URL('/-/ready', url), {
      signal: AbortSignal.timeout(timeoutMs),
    })
    if (!response.ok) throw new Error(`GET /-/ready answered ${response.status}`)
    return 'ready'
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause
    throw explain('Pushgateway', url, cause?.code ? cause : error, envVar)
  }
}
