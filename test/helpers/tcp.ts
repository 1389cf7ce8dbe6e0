import { type AddressInfo, connect, createServer, type Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'

// TCP helpers for tests on real connections on 127.0.0.1: servers that count what they
// receive, clients that record what comes back and when the far end closed.

export interface TestServer {
  readonly port: number
  /** Bytes each accepted connection received, in accept order. */
  readonly received: number[]
  close(): Promise<void>
}

export async function serve(onSocket: (socket: Socket) => void): Promise<TestServer> {
  const sockets = new Set<Socket>()
  const received: number[] = []
  const server = createServer((socket) => {
    const index = received.push(0) - 1
    sockets.add(socket)
    socket.on('data', (data: Buffer) => {
      received[index] = (received[index] ?? 0) + data.length
    })
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    onSocket(socket)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** Echoes everything; "bye" makes the server close its side. */
export const echo = (socket: Socket): void => {
  socket.on('data', (data: Buffer) => {
    if (data.includes('bye')) socket.end()
    else socket.write(data)
  })
  socket.on('end', () => socket.end())
}

export interface Client {
  readonly socket: Socket
  readonly chunks: Buffer[]
  bytes(): number
  text(): string
  /** performance.now() when the server's end (FIN) arrived, or the socket closed. */
  endedAt(): number | undefined
  error(): NodeJS.ErrnoException | undefined
}

export function openClient(port: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' })
    const chunks: Buffer[] = []
    let endedAt: number | undefined
    let error: NodeJS.ErrnoException | undefined
    socket.on('data', (data: Buffer) => chunks.push(data))
    socket.on('end', () => {
      endedAt ??= performance.now()
    })
    socket.on('close', () => {
      endedAt ??= performance.now()
    })
    socket.once('connect', () => {
      socket.off('error', reject)
      socket.on('error', (e: NodeJS.ErrnoException) => {
        error = e
      })
      resolve({
        socket,
        chunks,
        bytes: () => chunks.reduce((sum, c) => sum + c.length, 0),
        text: () => Buffer.concat(chunks).toString('utf8'),
        endedAt: () => endedAt,
        error: () => error,
      })
    })
    socket.once('error', reject)
  })
}

export async function waitFor(
  what: string,
  condition: () => boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`)
    await sleep(5)
  }
}

/** Sends `message` through the echo server and returns the time until it all came back, in ms. */
export async function roundTrip(client: Client, message: string): Promise<number> {
  const target = client.bytes() + Buffer.byteLength(message)
  const start = performance.now()
  client.socket.write(message)
  await waitFor(`echo of ${message}`, () => client.bytes() >= target)
  return performance.now() - start
}

/** 'connected', or the error code of a refused connection. */
export function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
  })
}
