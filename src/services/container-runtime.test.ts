// Its own file: testcontainers remembers the runtime it found (or not) for the whole process.
import { createServer, type Socket } from 'node:net'
import { expect, test } from 'vitest'
import { freePort } from './free-port.js'
import { startServices } from './start-services.js'

test('a container runtime that accepts connections but never answers is given up on after the timeout', async () => {
  const sockets = new Set<Socket>()
  const silent = createServer((socket) => sockets.add(socket))
  const port = await freePort()
  await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve))
  const saved = process.env.DOCKER_HOST
  process.env.DOCKER_HOST = `tcp://127.0.0.1:${port}`
  try {
    const started = performance.now()
    await expect(
      startServices({
        mode: 'testcontainers',
        env: {},
        runtimeTimeoutMs: 500,
        warn: () => undefined,
        watchProcess: false,
      }),
    ).rejects.toThrow(
      /- testcontainers: no container runtime: no container runtime answered within 500 ms/,
    )
    expect(performance.now() - started, 'gave up instead of hanging').toBeLessThan(30_000)
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST
    else process.env.DOCKER_HOST = saved
    for (const socket of sockets) socket.destroy()
    silent.close()
  }
})
