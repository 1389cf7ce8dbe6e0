import { probePostgres, probeRedis } from './probes.js'
import type { ServiceName } from './service-types.js'

/** A container started for one service. */
export interface StartedContainer {
  readonly url: string
  readonly detail: string
  stop(): Promise<void>
}

/** Images used for each service (DESIGN "Services"). */
export const CONTAINER_IMAGES: Readonly<Record<ServiceName, string>> = {
  redis: 'redis:7',
  postgres: 'timescale/timescaledb:latest-pg17',
  pushgateway: 'prom/pushgateway:latest',
}

/**
 * Whether a container runtime answers within `timeoutMs`. Resolves to the reason when none does.
 *
 * @example
 * const runtime = await containerRuntime(2_000) // { ok: false, reason: 'Could not find a working container runtime strategy' }
 */
export async function containerRuntime(
  timeoutMs = 2_000,
): Promise<{ ok: true; detail: string } | { ok: false; reason: string }> {
  let timer: NodeJS.Timeout | undefined
  try {
    const { getContainerRuntimeClient } = await import('testcontainers')
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no container runtime answered within ${timeoutMs} ms`)),
        timeoutMs,
      )
    })
    const client = await Promise.race([getContainerRuntimeClient(), timeout])
    return {
      ok: true,
      detail: `${client.info.containerRuntime.host} (${client.info.node.version ?? 'docker'})`,
    }
  } catch (error) {
    return { ok: false, reason: (error as Error).message }
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Starts the container of one service; Ryuk removes it if this process dies.
 *
 * @example
 * const redis = await startContainer('redis')
 */
export async function startContainer(service: ServiceName): Promise<StartedContainer> {
  const image = CONTAINER_IMAGES[service]
  if (service === 'redis') {
    const { RedisContainer } = await import('@testcontainers/redis')
    const container = await new RedisContainer(image).start()
    const url = container.getConnectionUrl()
    await probeRedis(url)
    return {
      url,
      detail: `${image} (container ${container.getId().slice(0, 12)})`,
      stop: async () => void (await container.stop()),
    }
  }
  if (service === 'postgres') {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql')
    const container = await new PostgreSqlContainer(image).start()
    const url = container.getConnectionUri()
    await probePostgres(url)
    return {
      url,
      detail: `${image} (container ${container.getId().slice(0, 12)})`,
      stop: async () => void (await container.stop()),
    }
  }
  const { GenericContainer, Wait } = await import('testcontainers')
  const container = await new GenericContainer(image)
    .withExposedPorts(9091)
    .withWaitStrategy(Wait.forHttp('/-/ready', 9091))
    .start()
  const url = `http://${container.getHost()}:${container.getMappedPort(9091)}`
  return {
    url,
    detail: `${image} (container ${container.getId().slice(0, 12)})`,
    stop: async () => void (await container.stop()),
  }
}
