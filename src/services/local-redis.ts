import { findBinary } from './find-binary.js'
import { freePort } from './free-port.js'
import { probeRedis } from './probes.js'
import { type ServiceProcess, spawnService } from './service-process.js'
import { waitUntil } from './wait-until.js'

/** A server started from a local binary. */
export interface LocalServer {
  readonly url: string
  readonly detail: string
  readonly process: ServiceProcess
}

const PORT_TRIES = 3

/** Runs `start` on fresh free ports until one is not taken by someone else meanwhile. */
export async function onFreePort(
  start: (port: number) => Promise<LocalServer>,
  inUse: (error: unknown) => boolean,
): Promise<LocalServer> {
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
export async function startLocalRedis(dir: string, timeoutMs = 10_000): Promise<LocalServer> {
  const binary = findBinary('redis-server')
  if (!binary)
    throw new Error('redis-server not found on PATH. Install it: apt-get install redis-server')
  return onFreePort(async (port) => {
    const proc = spawnService(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      { cwd: dir },
    )
    const url = `redis://127.0.0.1:${port}`
    try {
      const version = await waitUntil(() => probeRedis(url, 1_000), {
        timeoutMs,
        abort: () => (proc.isRunning() ? undefined : `redis-server exited: ${proc.output()}`),
      })
      return { url, detail: `redis-server ${version} (pid ${proc.pid})`, process: proc }
    } catch (error) {
      await proc.stop()
      throw new Error(`redis-server on port ${port} did not start: ${(error as Error).message}`, {
        cause: error,
      })
    }
  }, addressInUse)
}
