import { createServer, type Server } from 'node:net'
import { performance } from 'node:perf_hooks'
import { FaultProxyError, FaultSpecError } from './fault-error.js'
import { ProxyConnection, type Upstream } from './proxy-connection.js'
import type { ResolvedToxic, Toxic } from './toxic.js'
import type { StageContext } from './toxic-stage.js'
import { validateToxic } from './validate-toxic.js'

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** The server the proxy forwards to. */
  readonly upstream: Upstream
  /** The proxy only listens on loopback. @default '127.0.0.1' */
  readonly listenHost?: '127.0.0.1'
  /** @default 0 (a free port picked by the OS) */
  readonly listenPort?: number
  /** Uniform [0, 1) source for toxicity draws, jitter and slice sizes. @default Math.random */
  readonly random?: () => number
  /** Toxics present from the start. @default [] */
  readonly toxics?: readonly Toxic[]
}

/**
 * A running in-process TCP proxy with Toxiproxy's toxics. Dispose it (`await using`) or call
 * `stop()`: that closes the listener and every connection through it.
 */
export interface StartedFaultProxy extends AsyncDisposable {
  /** Where clients connect: always 127.0.0.1. */
  readonly host: string
  readonly port: number
  readonly upstream: Upstream
  /**
   * Adds a toxic to the proxy and to every open connection (it acts on the data that flows from
   * now on). Returns it with its defaults filled in. Throws {@link FaultSpecError} on a bad toxic
   * or a name already in use.
   */
  addToxic(toxic: Toxic): ResolvedToxic
  /** Removes a toxic from the proxy and its connections; what it held is handed on. */
  removeToxic(name: string): void
  /** The toxics, in the order they were added (their order on each stream). */
  toxics(): readonly ResolvedToxic[]
  /** False while the proxy is down. */
  isEnabled(): boolean
  /**
   * Toxiproxy's `enabled`: `false` closes every connection and stops listening (new clients get
   * ECONNREFUSED); `true` listens again on the same port. Toxics stay.
   */
  setEnabled(enabled: boolean): Promise<void>
  /** Connections open through the proxy now. */
  connections(): number
  /** Stops listening and closes every connection. Idempotent. */
  stop(): Promise<void>
}

const validPort = (port: unknown, min: number): port is number =>
  typeof port === 'number' && Number.isInteger(port) && port >= min && port <= 65_535

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(
        new FaultProxyError(
          `Fault proxy could not listen on ${host}:${port}: ${error.message}. Fix: use listenPort: 0 (a free port) or free that port.`,
          { cause: error },
        ),
      )
    }
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      const address = server.address()
      resolve(typeof address === 'object' && address !== null ? address.port : port)
    })
  })
}

class FaultProxy implements StartedFaultProxy {
  readonly host: string
  readonly upstream: Upstream
  readonly #toxics = new Map<string, ResolvedToxic>()
  readonly #connections = new Set<ProxyConnection>()
  readonly #context: StageContext
  #port: number
  #server: Server | undefined
  #enabled = false
  #stopped = false
  /** `setEnabled` calls run one after the other. */
  #transition: Promise<void> = Promise.resolve()

  constructor(options: FaultProxyOptions, host: string, port: number) {
    this.host = host
    this.#port = port
    this.upstream = { host: options.upstream.host, port: options.upstream.port }
    const random = options.random ?? Math.random
    this.#context = { now: () => performance.now(), random }
  }

  addToxic(toxic: Toxic): ResolvedToxic {
    const resolved = validateToxic(toxic, [...this.#toxics.keys()])
    this.#toxics.set(resolved.name, resolved)
    for (const connection of this.#connections) connection.addToxic(resolved)
    return resolved
  }

  removeToxic(name: string): void {
    if (!this.#toxics.delete(name)) {
      const names = [...this.#toxics.keys()]
      throw new FaultSpecError(
        `No toxic named '${name}' on the proxy at ${this.host}:${this.port}. Present: ${names.length > 0 ? names.join(', ') : '(none)'}.`,
      )
    }
    for (const connection of this.#connections) connection.removeToxic(name)
  }

  get port(): number {
    return this.#port
  }

  toxics(): readonly ResolvedToxic[] {
    return [...this.#toxics.values()]
  }

  isEnabled(): boolean {
    return this.#enabled
  }

  connections(): number {
    return this.#connections.size
  }

  setEnabled(enabled: boolean): Promise<void> {
    const next = this.#transition.then(() => this.#switch(enabled))
    this.#transition = next.catch(() => {})
    return next
  }

  async #switch(enabled: boolean): Promise<void> {
    if (enabled === this.#enabled) return
    if (!enabled) {
      this.#enabled = false
      this.#server?.close()
      this.#server = undefined
      const open = [...this.#connections]
      for (const connection of open) connection.destroy()
      await Promise.all(open.map((connection) => connection.closed))
      return
    }
    if (this.#stopped) {
      throw new FaultProxyError(
        `The fault proxy at ${this.host}:${this.port} was stopped. Fix: start a new one with startFaultProxy().`,
      )
    }
    const server = createServer({ allowHalfOpen: true }, (client) => {
      if (!this.#enabled) {
        client.destroy()
        return
      }
      const connection = new ProxyConnection(
        client,
        this.upstream,
        [...this.#toxics.values()],
        this.#context,
        (closed) => this.#connections.delete(closed),
      )
      this.#connections.add(connection)
    })
    this.#port = await listen(server, this.host, this.#port)
    server.on('error', () => {})
    this.#server = server
    this.#enabled = true
  }

  async stop(): Promise<void> {
    this.#stopped = true
    await this.setEnabled(false)
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop()
  }
}

/**
 * Starts an in-process TCP proxy to `upstream` on 127.0.0.1 with Toxiproxy's toxics (latency,
 * bandwidth, slow_close, timeout, reset_peer, slicer, limit_data), their names and attributes.
 *
 * @example
 * await using proxy = await startFaultProxy({ upstream: { host: '127.0.0.1', port: 6379 } })
 * proxy.addToxic({ type: 'latency', attributes: { latency: 100 } })
 * const redis = new Redis({ host: proxy.host, port: proxy.port })
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<StartedFaultProxy> {
  const { upstream } = options
  if (typeof upstream?.host !== 'string' || upstream.host === '' || !validPort(upstream.port, 1)) {
    throw new FaultSpecError(
      `startFaultProxy: upstream must be { host, port } with port 1-65535, got ${JSON.stringify(upstream)}. Example: upstream: { host: '127.0.0.1', port: 6379 }.`,
    )
  }
  const host = options.listenHost ?? '127.0.0.1'
  if (host !== '127.0.0.1') {
    throw new FaultSpecError(
      `startFaultProxy: listenHost must be '127.0.0.1' (the proxy only listens on loopback), got '${String(host)}'. Fix: omit listenHost.`,
    )
  }
  const port = options.listenPort ?? 0
  if (!validPort(port, 0)) {
    throw new FaultSpecError(
      `startFaultProxy: listenPort must be an integer 0-65535 (0 = a free port), got ${String(port)}.`,
    )
  }
  const proxy = new FaultProxy(options, host, port)
  for (const toxic of options.toxics ?? []) proxy.addToxic(toxic)
  await proxy.setEnabled(true)
  return proxy
}
