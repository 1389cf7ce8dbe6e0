import { join } from 'node:path'
import { findBinary } from './find-binary.js'
import { type LocalServer, type LocalStartOptions, onFreePort } from './local-redis.js'
import { probePushgateway } from './probes.js'
import { spawnService } from './service-process.js'
import { waitUntil } from './wait-until.js'

/**
 * Starts `prometheus-pushgateway` (Debian's name) or `pushgateway` on a free 127.0.0.1 port,
 * persisting to `dir/pushgateway.data` only (a fresh gateway starts empty).
 *
 * @example
 * const gateway = await startLocalPushgateway('/tmp/stressgate-services-x')
 */
export async function startLocalPushgateway(
  dir: string,
  options: LocalStartOptions = {},
): Promise<LocalServer> {
  const binary =
    findBinary('prometheus-pushgateway', options.binDirs) ??
    findBinary('pushgateway', options.binDirs)
  if (!binary) {
    throw new Error(
      'prometheus-pushgateway not found on PATH. Install it: apt-get install prometheus-pushgateway',
    )
  }
  return onFreePort(
    async (port) => {
      // Its own persistence file: Debian's binary defaults to the system's
      // /var/lib/prometheus/pushgateway.data, where every earlier run's groups live on.
      const args = [
        `--web.listen-address=127.0.0.1:${port}`,
        `--persistence.file=${join(dir, 'pushgateway.data')}`,
      ]
      const proc = spawnService(binary, args, { cwd: dir })
      const url = `http://127.0.0.1:${port}`
      try {
        await waitUntil(() => probePushgateway(url, 1_000), {
          timeoutMs: options.timeoutMs ?? 10_000,
          abort: () => (proc.isRunning() ? undefined : `pushgateway exited: ${proc.output()}`),
        })
        return { url, detail: `${binary} (pid ${proc.pid})`, process: proc }
      } catch (error) {
        await proc.stop()
        throw new Error(`pushgateway on port ${port} did not start: ${(error as Error).message}`, {
          cause: error,
        })
      }
    },
    (error) => /address already in use/i.test(String((error as Error)?.message)),
    options.port,
  )
}
