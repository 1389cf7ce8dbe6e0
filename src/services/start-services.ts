import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CleanupStack } from './cleanup-stack.js'
import { startEmbeddedPostgres } from './embedded-postgres.js'
import { startLocalPostgres } from './local-postgres.js'
import { startLocalPushgateway } from './local-pushgateway.js'
import { type LocalServer, startLocalRedis } from './local-redis.js'
import { probePostgres, probePushgateway, probeRedis } from './probes.js'
import {
  ServiceProvisionError,
  ServiceSpecError,
  ServiceUnreachableError,
} from './service-error.js'
import {
  SERVICES_MODES,
  type ServiceAttempt,
  type ServiceBackend,
  type ServiceEndpoint,
  type ServiceName,
  type ServicesMode,
  type StartedServices,
  serviceErrorText,
} from './service-types.js'
import { containerRuntime, startContainer } from './testcontainers.js'

/** Options of {@link startServices}. */
export interface StartServicesOptions {
  mode: ServicesMode
  /** Where the `STRESS_*_URL` variables are read. @default process.env */
  env?: NodeJS.ProcessEnv
  /** How long to wait for a container runtime to answer. @default 2000 */
  runtimeTimeoutMs?: number
  /** Warnings (a Pushgateway that could not be had, a fallback taken). @default console.warn */
  warn?: (message: string) => void
  /** Install SIGINT/SIGTERM/exit handlers that stop everything. @default true */
  watchProcess?: boolean
  /** Folders searched for local binaries. @default PATH, then Debian's PostgreSQL folders */
  binDirs?: readonly string[]
  /** Parent of the temporary folder local servers run in. @default os.tmpdir() */
  tempParent?: string
}

/** The environment variable that points at an external instance of each service. */
export const SERVICE_ENV: Readonly<Record<ServiceName, string>> = {
  redis: 'STRESS_REDIS_URL',
  postgres: 'STRESS_DATABASE_URL',
  pushgateway: 'STRESS_PUSHGATEWAY_URL',
}

type Candidate = Exclude<ServiceBackend, 'none'>

const ORDER: Readonly<Record<ServicesMode, readonly Candidate[]>> = {
  auto: ['external', 'testcontainers', 'local', 'embedded'],
  'require-real': ['external', 'testcontainers', 'local'],
  external: ['external'],
  testcontainers: ['testcontainers'],
  local: ['local'],
  embedded: ['embedded'],
}

const PROBE = { redis: probeRedis, postgres: probePostgres, pushgateway: probePushgateway }
const LOCAL = {
  redis: startLocalRedis,
  postgres: startLocalPostgres,
  pushgateway: startLocalPushgateway,
}

/**
 * Provides Redis, PostgreSQL and a Pushgateway, each from the first backend that works in the
 * mode's order: `STRESS_*_URL` -> Testcontainers -> local binaries -> embedded. A URL that is set
 * but unusable is an error, not a reason to fall back. Redis and PostgreSQL are required; a
 * Pushgateway that cannot be had is a warning (backend `none`). Everything started is stopped by
 * `stop()`, on SIGINT/SIGTERM, and on exit.
 *
 * @example
 * await using services = await startServices({ mode: 'auto' })
 * services.connections.redis // { backend: 'local', url: 'redis://127.0.0.1:41873', ... }
 */
export async function startServices(options: StartServicesOptions): Promise<StartedServices> {
  if (!SERVICES_MODES.includes(options.mode)) {
    throw new ServiceSpecError(
      `services: ${JSON.stringify(options.mode)} is not a services mode; allowed: ${SERVICES_MODES.map((m) => `'${m}'`).join(', ')}.`,
    )
  }
  const env = options.env ?? process.env
  const warn = options.warn ?? ((m: string) => console.warn(`[stressgate] ${m}`))
  const cleanup = new CleanupStack()
  if (options.watchProcess !== false) cleanup.watchProcess()
  let tempRoot: string | undefined
  const dir = async (): Promise<string> => {
    if (tempRoot === undefined) {
      tempRoot = await mkdtemp(join(options.tempParent ?? tmpdir(), 'stressgate-services-'))
      cleanup.addTempDir(tempRoot)
    }
    return tempRoot
  }
  let runtime: Promise<Awaited<ReturnType<typeof containerRuntime>>> | undefined
  const attempts: Record<ServiceName, ServiceAttempt[]> = {
    redis: [],
    postgres: [],
    pushgateway: [],
  }

  const tryBackend = async (
    service: ServiceName,
    backend: Candidate,
  ): Promise<Omit<ServiceEndpoint, 'startMs'> | string> => {
    switch (backend) {
      case 'external': {
        const url = env[SERVICE_ENV[service]]
        if (!url) return `${SERVICE_ENV[service]} not set`
        const version = await PROBE[service](url, 3_000, SERVICE_ENV[service])
        return { service, backend, url, detail: `${SERVICE_ENV[service]} (${version})` }
      }
      case 'testcontainers': {
        runtime ??= containerRuntime(options.runtimeTimeoutMs ?? 2_000)
        const answer = await runtime
        if (!answer.ok) return `no container runtime: ${answer.reason}`
        const container = await startContainer(service)
        cleanup.add(`${service} container`, container.stop)
        return { service, backend, url: container.url, detail: container.detail }
      }
      case 'local': {
        const server: LocalServer = await LOCAL[service](
          await dir(),
          options.binDirs ? { binDirs: options.binDirs } : {},
        )
        const proc = server.process
        const signal = service === 'postgres' ? 'SIGQUIT' : 'SIGKILL'
        // SIGQUIT is PostgreSQL's immediate shutdown: its children exit with the postmaster.
        cleanup.add(
          `local ${service}`,
          () => proc.stop(),
          () => proc.signal(signal),
        )
        return { service, backend, url: server.url, detail: server.detail }
      }
      case 'embedded': {
        if (service === 'redis') {
          return {
            service,
            backend,
            url: 'embedded://redis',
            detail: 'ioredis-mock (in-memory, inside each test worker)',
          }
        }
        if (service === 'pushgateway') return 'there is no embedded Pushgateway'
        const db = await startEmbeddedPostgres()
        cleanup.add('embedded postgres', db.stop)
        return { service, backend, url: db.url, detail: db.detail }
      }
    }
  }

  const provide = async (service: ServiceName): Promise<ServiceEndpoint> => {
    for (const backend of ORDER[options.mode]) {
      const started = performance.now()
      try {
        const outcome = await tryBackend(service, backend)
        if (typeof outcome === 'string') {
          attempts[service].push({ backend, outcome })
          continue
        }
        attempts[service].push({ backend, outcome: `used: ${outcome.detail}` })
        return { ...outcome, startMs: Math.round(performance.now() - started) }
      } catch (error) {
        const message = serviceErrorText(error)
        attempts[service].push({ backend, outcome: `failed: ${message}` })
        // A URL the user set is what they meant: no silent fallback to something else.
        if (backend === 'external' && error instanceof ServiceUnreachableError) {
          if (service !== 'pushgateway') throw error
          break
        }
        warn(`${service}: ${backend} failed, trying the next backend: ${message}`)
      }
    }
    if (service === 'pushgateway') {
      if (options.mode !== 'embedded')
        warn(
          `no Pushgateway (${attempts.pushgateway.map((a) => `${a.backend}: ${a.outcome}`).join('; ')}): metrics stay on disk only.`,
        )
      return { service, backend: 'none', url: '', detail: 'none', startMs: 0 }
    }
    throw new ServiceProvisionError(service, options.mode, attempts[service])
  }

  try {
    const redis = await provide('redis')
    const postgres = await provide('postgres')
    const pushgateway = await provide('pushgateway')
    const connections = { mode: options.mode, redis, postgres, pushgateway }
    const stop = async (): Promise<void> => {
      await cleanup.run()
      if (cleanup.errors.length > 0) warn(`while stopping services: ${cleanup.errors.join('; ')}`)
    }
    return { connections, attempts, stop, [Symbol.asyncDispose]: stop }
  } catch (error) {
    await cleanup.run()
    throw error
  }
}
