import { describe, expect, test } from 'vitest'
import { VirtualClock } from '../common/clock.js'
import { driveClosedLoop } from './closed-loop-driver.js'

describe('driveClosedLoop', () => {
  test('each worker waits for its answer: throughput = concurrency / service time', async () => {
    const clock = new VirtualClock()
    const latencies: number[] = []
    // Every decision takes 10 ms; one worker for 100 ms does 10 of them.
    const result = await driveClosedLoop({
      concurrency: 1,
      durationMs: 100,
      clock,
      fire: () => clock.advance(10),
      onLatency: (ms) => latencies.push(ms),
    })
    expect(result).toEqual({ completed: 10, errors: 0 })
    expect(latencies).toEqual(Array.from({ length: 10 }, () => 10))
  })

  test('a stall hides itself in a closed loop: one slow answer, not a queue of them', async () => {
    const clock = new VirtualClock()
    const latencies: number[] = []
    await driveClosedLoop({
      concurrency: 1,
      durationMs: 1_000,
      clock,
      fire: (i) => clock.advance(i === 0 ? 100 : 1),
      onLatency: (ms) => latencies.push(ms),
    })
    // 1 decision of 100 ms then 900 of 1 ms: p99 is 1 ms although an open loop would have
    // queued ~100 decisions behind the stall.
    expect(latencies.filter((ms) => ms > 1)).toEqual([100])
    expect(latencies.length).toBe(901)
  })

  test('errors are counted, and a bad concurrency is refused', async () => {
    const clock = new VirtualClock()
    const result = await driveClosedLoop({
      concurrency: 2,
      durationMs: 10,
      clock,
      fire: (i) => {
        clock.advance(1)
        if (i % 2 === 0) throw new Error('no')
      },
      onLatency: () => undefined,
    })
    expect(result.completed + result.errors).toBeGreaterThanOrEqual(10)
    expect(result.errors).toBeGreaterThan(0)
    await expect(
      driveClosedLoop({
        concurrency: 0,
        durationMs: 1,
        clock,
        fire: () => undefined,
        onLatency: () => undefined,
      }),
    ).rejects.toThrow(/concurrency must be an integer >= 1, got 0/)
  })
})
