import { connect, type Socket } from 'node:net'
import { createStage } from './create-stage.js'
import type { ResolvedToxic } from './toxic.js'
import { ToxicLink } from './toxic-link.js'
import type { StageContext } from './toxic-stage.js'

/** A peer that does not read what is left to send to it does not keep a closed link alive. */
const CLOSE_GRACE_MS = 5_000

/** Host and port of the server behind a fault proxy. */
export interface Upstream {
  readonly host: string
  readonly port: number
}

/**
 * One client connection through the fault proxy and its connection to the upstream server, with
 * a toxic link each way. Half-closes pass through (a FIN travels through the toxics like data);
 * toxics that end the connection close or reset both sockets, as Toxiproxy does.
 */
export class ProxyConnection {
  readonly #client: Socket
  readonly #server: Socket
  readonly #upstream: ToxicLink
  readonly #downstream: ToxicLink
  readonly #context: StageContext
  readonly #onClosed: (connection: ProxyConnection) => void
  readonly #closed = new Set<Socket>()
  #closing = false
  #finished = false
  #grace: NodeJS.Timeout | undefined
  #resolveClosed: () => void = () => {}
  /** Resolves once both sockets have closed. */
  readonly closed = new Promise<void>((resolve) => {
    this.#resolveClosed = resolve
  })

  constructor(
    client: Socket,
    upstream: Upstream,
    toxics: readonly ResolvedToxic[],
    context: StageContext,
    onClosed: (connection: ProxyConnection) => void,
  ) {
    this.#client = client
    this.#server = connect({ host: upstream.host, port: upstream.port, allowHalfOpen: true })
    this.#context = context
    this.#onClosed = onClosed
    const owner = { close: () => this.close(), reset: () => this.reset() }
    this.#upstream = new ToxicLink(client, this.#server, owner)
    this.#downstream = new ToxicLink(this.#server, client, owner)
    for (const toxic of toxics) this.addToxic(toxic)
    this.#wire(client, this.#upstream, this.#downstream)
    this.#wire(this.#server, this.#downstream, this.#upstream)
  }

  addToxic(toxic: ResolvedToxic): void {
    if (this.#closing) return
    const link = toxic.stream === 'upstream' ? this.#upstream : this.#downstream
    link.add(toxic.name, (out) => createStage(toxic, out, this.#context))
  }

  removeToxic(name: string): void {
    this.#upstream.remove(name)
    this.#downstream.remove(name)
  }

  /** Closes both sockets after what was already written to them (FIN), as Toxiproxy's Close. */
  close(): void {
    if (!this.#stopLinks()) return
    for (const socket of [this.#client, this.#server]) socket.destroySoon()
    this.#grace = setTimeout(() => this.destroy(), CLOSE_GRACE_MS)
    this.#grace.unref()
  }

  /** Resets both sockets: the peers see ECONNRESET. */
  reset(): void {
    this.#stopLinks()
    for (const socket of [this.#client, this.#server]) {
      if (socket.destroyed) continue
      try {
        socket.resetAndDestroy()
      } catch {
        socket.destroy()
      }
    }
  }

  /** Destroys both sockets now. */
  destroy(): void {
    this.#stopLinks()
    for (const socket of [this.#client, this.#server]) socket.destroy()
  }

  /** Stops reading and disposes the toxics; false if that was done already. */
  #stopLinks(): boolean {
    if (this.#closing) return false
    this.#closing = true
    this.#upstream.dispose()
    this.#downstream.dispose()
    return true
  }

  /** `socket` feeds `outbound` and is the destination of `inbound`. */
  #wire(socket: Socket, outbound: ToxicLink, inbound: ToxicLink): void {
    socket.setNoDelay(true)
    socket.on('data', (data: Buffer) => {
      if (!this.#closing) outbound.input({ data, readAt: this.#context.now() })
    })
    socket.on('end', () => {
      if (!this.#closing) outbound.inputEnd()
    })
    socket.on('error', () => this.destroy())
    socket.on('close', () => {
      this.#closed.add(socket)
      // Closed while still owed data (not by the end of its inbound stream, nor by a close we
      // started): nothing can reach it any more, so the connection is over.
      if (!inbound.ended && !this.#closing) this.destroy()
      if (this.#closed.size === 2) this.#finish()
    })
  }

  #finish(): void {
    if (this.#finished) return
    this.#finished = true
    this.#stopLinks()
    if (this.#grace !== undefined) clearTimeout(this.#grace)
    this.#onClosed(this)
    this.#resolveClosed()
  }
}
