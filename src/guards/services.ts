import { findBinary, searchPath } from '../services/find-binary.js'
import { probePostgres, probePushgateway, probeRedis } from '../services/probes.js'
import { redactUrl, type ServiceName } from '../services/service-types.js'
import { SERVICE_ENV } from '../services/start-services.js'
import type { GuardResult } from './types.js'

/** Options of {@link checkService}. */
export interface ServicesOptions {
  /** Where the `STRESS_*_URL` variables and PATH are read. @default process.env */
  env?: NodeJS.ProcessEnv
  /** Folders searched for local binaries. @default PATH (from `env`), then Debian's PostgreSQL folders */
  binDirs?: readonly string[]
  /** How long each probe may take. @default 3000 */
  timeoutMs?: number
}

const PROBE = { redis: probeRedis, postgres: probePostgres, pushgateway: probePushgateway }

/** The local binaries each service can be started from; every name of a group is needed. */
const BINARIES: Readonly<Record<ServiceName, readonly (readonly string[])[]>> = {
  redis: [['redis-server']],
  postgres: [['initdb', 'postgres']],
  pushgateway: [['prometheus-pushgateway'], ['pushgateway']],
}

/** What a run falls back to when neither a URL nor a local binary is there. */
const FALLBACK: Readonly<Record<ServiceName, string>> = {
  redis: 'a container (when Docker answers) or the embedded in-memory Redis will be used',
  postgres: 'a container (when Docker answers) or the embedded PGlite will be used',
  pushgateway: 'a container (when Docker answers) or no Pushgateway (metrics are not pushed)',
}

const INSTALL: Readonly<Record<ServiceName, string>> = {
  redis: 'apt-get install redis-server',
  postgres: 'apt-get install postgresql',
  pushgateway: 'apt-get install prometheus-pushgateway',
}

/**
 * One service: when its `STRESS_*_URL` is set, probe it (fail with the probe's message when it is
 * unusable); when unset, report the local binaries found (warn when there are none, since the
 * embedded fallback still runs).
 *
 * @example
 * await checkService('redis', { env: { STRESS_REDIS_URL: 'redis://127.0.0.1:6379' } })
 */
export async function checkService(
  service: ServiceName,
  options: ServicesOptions = {},
): Promise<GuardResult> {
  const env = options.env ?? process.env
  const envVar = SERVICE_ENV[service]
  const url = env[envVar]
  if (url !== undefined && url !== '') {
    try {
      const version = await PROBE[service](url, options.timeoutMs ?? 3_000, envVar)
      return {
        name: service,
        status: 'ok',
        detail: `${envVar}=${redactUrl(url)} answers (${version})`,
      }
    } catch (error) {
      return {
        name: service,
        status: 'fail',
        detail: (error as Error).message,
        fix: `start it, fix ${envVar}, or unset ${envVar} to let stressgate start one`,
      }
    }
  }
  const dirs = options.binDirs ?? searchPath(env)
  for (const group of BINARIES[service]) {
    const paths = group.map((name) => findBinary(name, dirs))
    if (paths.every((p) => p !== undefined)) {
      return {
        name: service,
        status: 'ok',
        detail: `${envVar} unset; local ${paths.join(', ')}`,
      }
    }
  }
  const wanted = BINARIES[service].map((g) => g.join(' + ')).join(' or ')
  return {
    name: service,
    status: 'warn',
    detail: `${envVar} unset and no local ${wanted}: ${FALLBACK[service]}`,
    fix: `set ${envVar} or ${INSTALL[service]}`,
  }
}

/** {@link checkService} for Redis, PostgreSQL and the Pushgateway, in parallel. */
export function checkServices(options: ServicesOptions = {}): Promise<GuardResult[]> {
  return Promise.all(
    (['redis', 'postgres', 'pushgateway'] as const).map((s) => checkService(s, options)),
  )
}
