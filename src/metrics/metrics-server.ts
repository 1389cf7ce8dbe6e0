import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Registry } from 'prom-client'
import { StressgateError } from '../common/stressgate-error.js'

/** The /metrics server could not listen (e.g. its port is in use). */
export class MetricsServerError extends StressgateError {
  readonly code = 'STRESSGATE_METRICS_SERVER'
}

/** A running metrics endpoint. */
export interface StartedMetricsServer extends AsyncDisposable {
  readonly url: string
  readonly port: number
  /** Serve another registry (e.g. the next scenario's). */
  use(source: RegistrySource): void
  stop(): Promise<void>
}

/** A registry, or a function giving the one to serve now (none yet: an empty page). */
export type RegistrySource = Registry | (() => Registry | undefined)

/**
 * Serves `/metrics` (Prometheus text format) and `/healthz` on 127.0.0.1.
 *
 * @example
 * await using server = await startMetricsServer(metrics.registry, { port: 8000 })
 * // curl http://127.0.0.1:8000/metrics
 */
export async function startMetricsServer(
  source: RegistrySource,
  options: { port?: number } = {},
): Promise<StartedMetricsServer> {
  let current = source
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (path === '/metrics') {
      const registry = typeof current === 'function' ? current() : current
      if (registry === undefined) {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
        res.end('')
        return
      }
      registry
        .metrics()
        .then((body) => {
          res.writeHead(200, { 'content-type': registry.contentType })
          res.end(body)
        })
        .catch((error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' })
          res.end(String(error))
        })
      return
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ status: 'ok' }))
      return
    }
    res.writeHead(404, { 'content-type': 'text/plain' })
    res.end('not found: try /metrics or /healthz\n')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new MetricsServerError(
              `metrics server: port ${options.port} on 127.0.0.1 is in use. Pick another with --metrics-port, or 0 for any free port.`,
              { cause: error },
            )
          : error,
      ),
    )
    server.listen(options.port ?? 8000, '127.0.0.1', resolve)
  })
  const port = (server.address() as AddressInfo).port
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    use: (next) => {
      current = next
    },
    stop,
    [Symbol.asyncDispose]: stop,
  }
}
