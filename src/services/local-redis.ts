import { findBinary } from './find-binary.js'
import { freePort } from './free-port.js'
import { probeRedis } from './probes.js'
import { type ServiceProcess, spawnService } from './service-process.js'
import { waitUntil } from './wait-until.js'

/** Options of the local starters. */
export interface LocalStartOptions {
  /** Folders to look for the binary in. @default PATH, then /usr/lib/postgresql/<version>/bin */
  binDirs?: readonly string[]
  /** A fixed port instead of a free one (no retry when it is taken). */
  port?: number
  /** Require this password (Redis `requirepass`, PostgreSQL scram-sha-256). */
  password?: string
  /** How long to wait for the server to answer. */
  timeoutMs?: number
}

/** A server started from a local binary. */
export interface LocalServer {
  readonly url: string
  readonly detail: string
  readonly process: ServiceProcess
}

const PORT_TRIES = 3

/**
 * Runs `start` on `fixedPort`, or on fresh free ports until one is not taken by someone else
 * meanwhile.
 */
export async function onFreePort(
  start: (port: number) => Promise<LocalServer>,
  inUse: (error: unknown) => boolean,
  fixedPort?: number,
): Promise<LocalServer> {
  if (fixedPort !== undefined) return start(fixedPort)
  let lastError: unknown
  for (let i = 0; i < PORT_TRIES; i++) {
    try {
      return await start(await freePort())
    } catch (error) {
      if (!inUse(error)) throw error
      lastError = error
    }
  }
  throw lastError
}

const addressInUse = (error: unknown): boolean =>
  /address already in use/i.test(String((error as Error)?.message))

/**
 * Starts `redis-server` on a free 127.0.0.1 port with no persistence, in `dir`.
 *
 * @example
 * const redis = await startLocalRedis('/tmp/stressgate-services-x')
 * await redis.process.stop()
 */
export async function startLocalRedis(
  dir: string,
  options: LocalStartOptions = {},
): Promise<LocalServer> {
  const binary = findBinary('redis-server', options.binDirs)
  if (!binary) {
    throw new Error('redis-server not found on PATH. Install it: apt-get install redis-server')
  }
  const auth = options.password === undefined ? [] : ['--requirepass', options.password]
  const secret = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`
  return onFreePort(
    async (port) => {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir]
      const proc = spawnService(
        binary,
        [...args, '--save', '', '--appendonly', 'no', '--daemonize', 'no', ...auth],
        { cwd: dir },
      )
      const url = `redis://${secret}127.0.0.1:${port}`
      try {
        const version = await waitUntil(() => probeRedis(url, 1_000), {
          timeoutMs: options.timeoutMs ?? 10_000,
          abort: () => (proc.isRunning() ? undefined : `redis-server exited: ${proc.output()}`),
        })
        return { url, detail: `redis-server ${version} (pid ${proc.pid})`, process: proc }
      } catch (error) {
        await proc.stop()
        throw new Error(`redis-server on port ${port} did not start: ${(error as Error).message}`, {
          cause: error,
        })
      }
    },
    addressInUse,
    options.port,
  )
}
