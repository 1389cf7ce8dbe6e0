import { execFile } from 'node:child_process'
import { createServer } from 'node:net'
import type { GuardResult } from './types.js'

/** The port the plugin's /metrics server listens on by default. */
export const METRICS_PORT = 8000

/** Options of {@link checkPorts}. */
export interface PortsOptions {
  /** Ports that must be free. @default [8000] */
  ports?: readonly number[]
  /** The metrics server's port (its fix names --metrics-port). @default 8000 */
  metricsPort?: number
  /** @default '127.0.0.1' */
  host?: string
}

type Probe = { port: number; free: true } | { port: number; free: false; code: string }

/** Tries to listen on `host:port` and closes at once. */
function tryListen(host: string, port: number): Promise<Probe> {
  return new Promise((resolve) => {
    const server = createServer()
    server.unref()
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve({ port, free: false, code: error.code ?? error.message }),
    )
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => resolve({ port, free: true }))
    })
  })
}

/** Best effort: the PID listening on a TCP port, from `ss` (Linux). */
function listenerPid(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('ss', ['-Hltnp', `sport = :${port}`], { timeout: 2_000 }, (error, stdout) => {
      if (error) return resolve(undefined)
      const m = /users:\(\("([^"]*)",pid=(\d+)/.exec(stdout)
      resolve(m ? `pid ${m[2]}, ${m[1]}` : undefined)
    })
  })
}

/**
 * Every port is free on 127.0.0.1 (bindable now). A port in use fails with the port named and,
 * when `ss` can tell, the PID holding it.
 *
 * @example
 * await checkPorts({ ports: [8000, 9091] })
 */
export async function checkPorts(options: PortsOptions = {}): Promise<GuardResult> {
  const host = options.host ?? '127.0.0.1'
  const metricsPort = options.metricsPort ?? METRICS_PORT
  const ports = [...new Set(options.ports ?? [metricsPort])]
  const invalid = ports.filter((p) => !Number.isInteger(p) || p < 1 || p > 65_535)
  if (invalid.length > 0) {
    return {
      name: 'ports',
      status: 'fail',
      detail: `not a TCP port: ${invalid.join(', ')}`,
      fix: 'pass ports between 1 and 65535',
    }
  }
  const probes = await Promise.all(ports.map((p) => tryListen(host, p)))
  const busy = probes.filter((p): p is Extract<Probe, { free: false }> => !p.free)
  if (busy.length === 0) {
    return {
      name: 'ports',
      status: 'ok',
      detail: `${ports.map((p) => `${host}:${p}`).join(', ')} free`,
    }
  }
  const described = await Promise.all(
    busy.map(async (b) => {
      if (b.code !== 'EADDRINUSE') return `${host}:${b.port} cannot be bound (${b.code})`
      return `${host}:${b.port} in use (${(await listenerPid(b.port)) ?? 'pid unknown'})`
    }),
  )
  const metricsBusy = busy.some((b) => b.port === metricsPort)
  const othersBusy = busy.some((b) => b.port !== metricsPort)
  const fix = [
    'stop what uses it',
    ...(metricsBusy ? ['pass --metrics-port'] : []),
    ...(othersBusy ? ['choose another port'] : []),
  ].join(' or ')
  return { name: 'ports', status: 'fail', detail: described.join('; '), fix }
}
