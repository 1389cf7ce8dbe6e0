import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { freePort } from '../services/free-port.js'
import { checkPorts } from './ports.js'

const servers: Server[] = []

async function holdPort(): Promise<number> {
  const server = createServer()
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (typeof address !== 'object' || address === null) throw new Error('no address')
  return address.port
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
})

describe('checkPorts', () => {
  test('a port held by a server fails, naming the port', async () => {
    const port = await holdPort()
    const result = await checkPorts({ ports: [port], metricsPort: port })
    expect(result.status).toBe('fail')
    expect(result.name).toBe('ports')
    expect(result.detail).toContain(`127.0.0.1:${port} in use (`)
    expect(result.fix).toContain('--metrics-port')
  })

  test('a free port passes', async () => {
    const port = await freePort()
    const result = await checkPorts({ ports: [port] })
    expect(result).toMatchObject({ name: 'ports', status: 'ok' })
    expect(result.detail).toContain(String(port))
  })

  test('only the busy ports are named', async () => {
    const busy = await holdPort()
    const free = await freePort()
    const result = await checkPorts({ ports: [free, busy], metricsPort: free })
    expect(result.status).toBe('fail')
    expect(result.detail).toContain(`:${busy} in use`)
    expect(result.detail).not.toContain(`:${free}`)
    expect(result.fix).toBe('stop what uses it or choose another port')
  })

  test('an invalid port fails', async () => {
    const result = await checkPorts({ ports: [70_000] })
    expect(result).toMatchObject({ status: 'fail', detail: 'not a TCP port: 70000' })
  })
})
