import { rm } from 'node:fs/promises'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { privateTempParent } from '../../test/helpers/leftovers.js'
import { connectRedis } from '../services/clients.js'
import { startLocalRedis } from '../services/local-redis.js'
import type { ServiceEndpoint } from '../services/service-types.js'
import { GOVERNOR_KEYS, RedisState } from './redis-state.js'

let dir: string
let stopLocal: () => Promise<void>
let local: ServiceEndpoint
const embedded: ServiceEndpoint = {
  service: 'redis',
  backend: 'embedded',
  url: 'embedded://redis',
  detail: '',
  startMs: 0,
}

beforeAll(async () => {
  dir = await privateTempParent('redis-state')
  const server = await startLocalRedis(dir)
  stopLocal = () => server.process.stop()
  local = { service: 'redis', backend: 'local', url: server.url, detail: server.detail, startMs: 0 }
})
afterAll(async () => {
  await stopLocal()
  await rm(dir, { recursive: true, force: true })
})

// The same behaviour from the real server and from the embedded one.
describe.each([
  ['real redis-server', () => local],
  ['embedded ioredis-mock', () => embedded],
])('RedisState on %s', (_, endpoint) => {
  let redis: Redis
  let state: RedisState
  beforeAll(async () => {
    redis = await connectRedis(endpoint())
    state = new RedisState(redis, 'test:')
    await state.reset()
  })
  afterAll(() => redis.disconnect())

  test('flags are raised, read and cleared under the seed key names', async () => {
    expect(await state.flags()).toEqual({ pause: false, emergencyStop: false })
    await state.setFlag('pause', true, 'broker link down')
    expect(await redis.get('test:governor.pause')).toBe('broker link down')
    expect(await state.flags()).toEqual({ pause: true, emergencyStop: false })
    await state.setFlag('emergencyStop', true)
    await state.setFlag('pause', false)
    expect(await state.flags()).toEqual({ pause: false, emergencyStop: true })
  })

  test('positions round-trip as numbers', async () => {
    await state.setPositions({ ES: 12, NQ: -3 })
    await state.setPositions({ ES: 0 })
    expect(await state.positions()).toEqual({ ES: 0, NQ: -3 })
  })

  test('alerts reach a subscriber on the alerts channel', async () => {
    const subscriber = redis.duplicate()
    const received = new Promise<string>((resolve) =>
      subscriber.on('message', (_channel: string, m: string) => resolve(m)),
    )
    await subscriber.subscribe(state.key(GOVERNOR_KEYS.alerts))
    await state.setFlag('pause', true, 'drill')
    const alert = JSON.parse(await received) as { level: string; message: string }
    expect(alert).toMatchObject({ level: 'critical', message: 'governor.pause raised: drill' })
    subscriber.disconnect()
  })

  test('the decision queue: backlog is what is queued and not yet taken', async () => {
    await state.reset()
    expect(await state.backlog()).toBe(0)
    for (let i = 0; i < 5; i++) await state.enqueueDecision({ id: `d${i}`, verdict: 'approve' })
    expect(await state.backlog()).toBe(5)
    const first = await state.takeDecisions(3)
    expect(first.map((d) => d.fields.id)).toEqual(['d0', 'd1', 'd2'])
    expect(await state.backlog()).toBe(2)
    await state.enqueueDecision({ id: 'd5', verdict: 'reject' })
    const rest = await state.takeDecisions(10)
    expect(rest.map((d) => d.fields)).toEqual([
      { id: 'd3', verdict: 'approve' },
      { id: 'd4', verdict: 'approve' },
      { id: 'd5', verdict: 'reject' },
    ])
    expect(await state.backlog()).toBe(0)
    expect(await state.takeDecisions(10)).toEqual([])
  })
})
