import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  type Client,
  echo,
  openClient,
  roundTrip,
  serve,
  type TestServer,
  tryConnect,
  waitFor,
} from '../../test/helpers/tcp.js'
import { FaultProxyError, FaultSpecError } from './fault-error.js'
import { type StartedFaultProxy, startFaultProxy } from './fault-proxy.js'

// Real TCP on 127.0.0.1. Time bounds are one-sided where the toxic makes them so (a delay is
// never shorter than asked) and generous on the other side: the machines are noisy 2-core boxes.

let echoServer: TestServer
beforeAll(async () => {
  echoServer = await serve(echo)
})
afterAll(async () => {
  await echoServer.close()
})

const upstream = (): { host: string; port: number } => ({
  host: '127.0.0.1',
  port: echoServer.port,
})

describe('fault proxy without toxics', () => {
  test('passes bytes both ways unchanged and counts its connections', async () => {
    await using proxy = await startFaultProxy({ upstream: upstream() })
    expect(proxy.host).toBe('127.0.0.1')
    expect(proxy.port).toBeGreaterThan(0)
    const client = await openClient(proxy.port)
    try {
      const payload = 'x'.repeat(300_000)
      await roundTrip(client, payload)
      expect(client.text()).toBe(payload)
      expect(proxy.connections()).toBe(1)
    } finally {
      client.socket.end()
    }
    await waitFor('the connection to go', () => proxy.connections() === 0)
  })

  test('an upstream that refuses closes the client connection', async () => {
    const gone = await serve(() => {})
    const port = gone.port
    await gone.close()
    await using proxy = await startFaultProxy({ upstream: { host: '127.0.0.1', port } })
    const client = await openClient(proxy.port)
    await waitFor('the client connection to close', () => client.endedAt() !== undefined)
    await waitFor('the proxy to forget it', () => proxy.connections() === 0)
    client.socket.destroy()
  })

  test('options are checked with the fix in the message', async () => {
    await expect(startFaultProxy({ upstream: { host: '127.0.0.1', port: 0 } })).rejects.toThrow(
      FaultSpecError,
    )
    await expect(
      startFaultProxy({ upstream: upstream(), listenHost: '0.0.0.0' as '127.0.0.1' }),
    ).rejects.toThrow("listenHost must be '127.0.0.1' (the proxy only listens on loopback)")
    await using proxy = await startFaultProxy({ upstream: upstream() })
    expect(() => proxy.removeToxic('nope')).toThrow(
      `No toxic named 'nope' on the proxy at 127.0.0.1:${proxy.port}. Present: (none).`,
    )
    await expect(startFaultProxy({ upstream: upstream(), listenPort: proxy.port })).rejects.toThrow(
      FaultProxyError,
    )
  })
})

describe('toxics', () => {
  let proxy: StartedFaultProxy
  beforeAll(async () => {
    proxy = await startFaultProxy({ upstream: upstream() })
  })
  afterAll(async () => {
    await proxy.stop()
  })
  const clean = async (client: Client): Promise<void> => {
    client.socket.destroy()
    for (const toxic of proxy.toxics()) proxy.removeToxic(toxic.name)
    await waitFor('connections to close', () => proxy.connections() === 0)
  }

  test('latency added to a live connection delays the data after it; removal ends it', async () => {
    const client = await openClient(proxy.port)
    try {
      await roundTrip(client, 'warm-up')
      proxy.addToxic({ type: 'latency', attributes: { latency: 300 } })
      expect(await roundTrip(client, 'slow'), 'with latency').toBeGreaterThanOrEqual(299)
      proxy.removeToxic('latency_downstream')
      expect(await roundTrip(client, 'fast'), 'after removal').toBeLessThan(250)
      expect(client.text()).toBe('warm-upslowfast')
    } finally {
      await clean(client)
    }
  })

  test('timeout 0 drops the data and leaves the link half-open until the toxic goes', async () => {
    const client = await openClient(proxy.port)
    try {
      proxy.addToxic({ type: 'timeout', attributes: { timeout: 0 } })
      client.socket.write('anyone there?')
      await sleep(600)
      expect(client.bytes(), 'no data').toBe(0)
      expect(client.endedAt(), 'no close').toBeUndefined()
      expect(proxy.connections()).toBe(1)
      proxy.removeToxic('timeout_downstream')
      // Bytes were dropped, so the stream is broken: Toxiproxy closes it on removal.
      await waitFor('the close after removal', () => client.endedAt() !== undefined)
      expect(client.bytes()).toBe(0)
    } finally {
      await clean(client)
    }
  })

  test('timeout > 0 closes the connection after that long', async () => {
    const client = await openClient(proxy.port)
    const start = performance.now()
    try {
      proxy.addToxic({ type: 'timeout', attributes: { timeout: 300 } })
      client.socket.write('hello')
      await waitFor('the close', () => client.endedAt() !== undefined)
      expect((client.endedAt() ?? 0) - start).toBeGreaterThanOrEqual(299)
      expect(client.bytes()).toBe(0)
    } finally {
      await clean(client)
    }
  })

  test('bandwidth holds the throughput to its rate', async () => {
    const bytes = 300_000
    const sender = await serve((socket) => socket.end(Buffer.alloc(bytes, 7)))
    const limited = await startFaultProxy({
      upstream: { host: '127.0.0.1', port: sender.port },
      toxics: [{ type: 'bandwidth', attributes: { rate: 200 } }], // 200 KB/s: 1.5 s for 300 KB
    })
    try {
      const start = performance.now()
      const client = await openClient(limited.port)
      await sleep(500)
      const atHalfSecond = client.bytes()
      await waitFor('all the bytes', () => client.bytes() === bytes, 20_000)
      const elapsed = performance.now() - start
      expect(atHalfSecond, 'bytes after 0.5 s').toBeLessThanOrEqual(200 * 500 + 20_000)
      expect(elapsed, 'time for 300 KB at 200 KB/s').toBeGreaterThanOrEqual(1_400)
      expect(elapsed).toBeLessThan(10_000)
      client.socket.destroy()
    } finally {
      await limited.stop()
      await sender.close()
    }
  })

  test('slicer delivers one write in many small reads, bytes intact', async () => {
    const client = await openClient(proxy.port)
    try {
      proxy.addToxic({
        type: 'slicer',
        attributes: { average_size: 100, size_variation: 20, delay: 5_000 },
      })
      const payload = Array.from({ length: 1_000 }, (_, i) => String.fromCharCode(65 + (i % 26)))
      await roundTrip(client, payload.join(''))
      expect(client.text()).toBe(payload.join(''))
      expect(client.chunks.length, 'reads').toBeGreaterThanOrEqual(5)
      for (const chunk of client.chunks) expect(chunk.length).toBeLessThanOrEqual(120)
    } finally {
      await clean(client)
    }
  })

  test('limit_data passes exactly that many bytes, then closes', async () => {
    const sender = await serve((socket) => {
      for (let i = 0; i < 10; i++) socket.write(Buffer.alloc(1_000, i))
    })
    const limited = await startFaultProxy({
      upstream: { host: '127.0.0.1', port: sender.port },
      toxics: [{ type: 'limit_data', attributes: { bytes: 1_234 } }],
    })
    try {
      const client = await openClient(limited.port)
      await waitFor('the close', () => client.endedAt() !== undefined)
      expect(client.bytes()).toBe(1_234)
      client.socket.destroy()
    } finally {
      await limited.stop()
      await sender.close()
    }
  })

  test('limit_data upstream lets the server receive exactly that many bytes', async () => {
    const sink = await serve(() => {})
    const limited = await startFaultProxy({
      upstream: { host: '127.0.0.1', port: sink.port },
      toxics: [{ type: 'limit_data', stream: 'upstream', attributes: { bytes: 2_500 } }],
    })
    try {
      const client = await openClient(limited.port)
      for (let i = 0; i < 5; i++) client.socket.write(Buffer.alloc(1_000, i))
      await waitFor('the close', () => client.endedAt() !== undefined)
      await waitFor('the server to count', () => sink.received[0] === 2_500)
      await sleep(50)
      expect(sink.received).toEqual([2_500])
      client.socket.destroy()
    } finally {
      await limited.stop()
      await sink.close()
    }
  })

  test('slow_close holds the close back, not the data', async () => {
    const client = await openClient(proxy.port)
    try {
      proxy.addToxic({ type: 'slow_close', attributes: { delay: 400 } })
      expect(await roundTrip(client, 'ping'), 'data is not delayed').toBeLessThan(350)
      const start = performance.now()
      client.socket.write('bye')
      await waitFor('the close', () => client.endedAt() !== undefined)
      expect((client.endedAt() ?? 0) - start, 'close delay').toBeGreaterThanOrEqual(399)
    } finally {
      await clean(client)
    }
  })

  test('toxicity 0 never applies', async () => {
    proxy.addToxic({ type: 'timeout', toxicity: 0, attributes: { timeout: 0 } })
    const clients = await Promise.all([1, 2, 3, 4, 5].map(() => openClient(proxy.port)))
    try {
      for (const [i, client] of clients.entries()) {
        await roundTrip(client, `client ${i}`)
        expect(client.text()).toBe(`client ${i}`)
      }
    } finally {
      for (const client of clients) client.socket.destroy()
      for (const toxic of proxy.toxics()) proxy.removeToxic(toxic.name)
      await waitFor('connections to close', () => proxy.connections() === 0)
    }
  })

  test('toxicity is drawn once per connection from the injected random source', async () => {
    let draw = 0.4
    await using drawn = await startFaultProxy({
      upstream: upstream(),
      random: () => draw,
      toxics: [{ type: 'timeout', toxicity: 0.5, attributes: { timeout: 0 } }],
    })
    const hit = await openClient(drawn.port) // 0.4 < 0.5: the toxic applies
    draw = 0.6
    const missed = await openClient(drawn.port) // 0.6 >= 0.5: it does not
    try {
      await waitFor('both connections', () => drawn.connections() === 2)
      await roundTrip(missed, 'through')
      hit.socket.write('dropped')
      await sleep(300)
      expect(missed.text()).toBe('through')
      expect(hit.bytes()).toBe(0)
    } finally {
      hit.socket.destroy()
      missed.socket.destroy()
    }
  })

  test('adding a duplicate name is refused and lists what to do', () => {
    proxy.addToxic({ name: 'slow', type: 'latency', attributes: { latency: 1 } })
    try {
      expect(() =>
        proxy.addToxic({ name: 'slow', type: 'bandwidth', attributes: { rate: 1 } }),
      ).toThrow("a toxic named 'slow' is already on this proxy")
      expect(proxy.toxics().map((t) => t.name)).toEqual(['slow'])
    } finally {
      proxy.removeToxic('slow')
    }
  })
})

describe('down and up', () => {
  test('down closes the connections and refuses new ones; up accepts again on the same port', async () => {
    await using proxy = await startFaultProxy({ upstream: upstream() })
    proxy.addToxic({ type: 'latency', attributes: { latency: 1 } })
    const port = proxy.port
    const before = await openClient(port)
    try {
      await roundTrip(before, 'hello')
      await proxy.setEnabled(false)
      expect(proxy.isEnabled()).toBe(false)
      await waitFor('the client to see the close', () => before.endedAt() !== undefined)
      expect(proxy.connections()).toBe(0)
      expect(await tryConnect(port)).toBe('ECONNREFUSED')

      await proxy.setEnabled(true)
      expect(proxy.port).toBe(port)
      expect(proxy.toxics().map((t) => t.name)).toEqual(['latency_downstream'])
      const after = await openClient(port)
      try {
        await roundTrip(after, 'again')
        expect(after.text()).toBe('again')
      } finally {
        after.socket.destroy()
      }
    } finally {
      before.socket.destroy()
    }
  })

  test('stop closes everything and cannot be undone', async () => {
    const proxy = await startFaultProxy({ upstream: upstream() })
    const client = await openClient(proxy.port)
    await roundTrip(client, 'x')
    await proxy.stop()
    await waitFor('the close', () => client.endedAt() !== undefined)
    expect(proxy.connections()).toBe(0)
    expect(await tryConnect(proxy.port)).toBe('ECONNREFUSED')
    await expect(proxy.setEnabled(true)).rejects.toThrow(
      'was stopped. Fix: start a new one with startFaultProxy().',
    )
    client.socket.destroy()
  })
})
