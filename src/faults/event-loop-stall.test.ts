import { performance } from 'node:perf_hooks'
import { describe, expect, test } from 'vitest'
import { eventLoopStall } from './event-loop-stall.js'
import { FaultSpecError } from './fault-error.js'

describe('eventLoopStall', () => {
  test('blocks the thread: no timer or immediate runs until it returns', async () => {
    const ran: string[] = []
    setTimeout(() => ran.push('timer'), 0)
    setImmediate(() => ran.push('immediate'))
    const start = performance.now()
    await eventLoopStall({ ms: 120 }).apply()
    const blocked = performance.now() - start
    expect(ran, 'nothing ran during the stall').toEqual([])
    expect(blocked).toBeGreaterThanOrEqual(120)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(ran.sort()).toEqual(['immediate', 'timer'])
  })

  test('watches the injected clock and ends by itself', async () => {
    let now = 0
    const stall = eventLoopStall({ ms: 5, now: () => now++ })
    await stall.apply()
    expect(now, 'clock reads').toBe(6) // 0 sets until = 5; 1..4 keep it busy; 5 ends it
    expect(stall.revert).toBeUndefined()
    expect(stall.name).toBe('event_loop_stall')
  })

  test('a negative or missing ms is refused', () => {
    expect(() => eventLoopStall({ ms: -1 })).toThrow(FaultSpecError)
    expect(() => eventLoopStall({ ms: Number.NaN })).toThrow(
      'eventLoopStall: ms must be a number >= 0 (milliseconds the thread is blocked), got NaN.',
    )
  })
})
