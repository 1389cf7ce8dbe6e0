import { describe, expect, test } from 'vitest'
import { Simulation } from './simulation.js'
import { simulatedTicker } from './ticker.js'

describe('Simulation', () => {
  test('runs actions in (time, scheduling order), each at its own time', async () => {
    const sim = new Simulation()
    const seen: string[] = []
    sim.at(20, () => seen.push(`b@${sim.now()}`))
    sim.at(10, () => seen.push(`a@${sim.now()}`))
    sim.at(20, () => seen.push(`c@${sim.now()}`))
    await sim.clock.sleepUntil(30)
    expect(seen).toEqual(['a@10', 'b@20', 'c@20'])
    expect(sim.now(), 'the clock stops at the last wake-up').toBe(30)
    expect(sim.eventsRun, 'three actions and the wake-up').toBe(4)
  })

  test('a continuation after sleepUntil runs before the next event, at its time', async () => {
    const sim = new Simulation()
    const seen: string[] = []
    const sleeper = (async () => {
      await sim.clock.sleepUntil(5)
      seen.push(`woke@${sim.now()}`)
      sim.at(sim.now(), () => seen.push(`scheduled-by-sleeper@${sim.now()}`))
    })()
    sim.at(5, () => seen.push(`same-time@${sim.now()}`))
    sim.at(6, () => seen.push(`later@${sim.now()}`))
    await sleeper
    await sim.clock.sleepUntil(10)
    expect(seen).toEqual(['woke@5', 'same-time@5', 'scheduled-by-sleeper@5', 'later@6'])
  })

  test('an hour of simulated time costs no wall time: 3,600 one-second ticks', async () => {
    const sim = new Simulation()
    let ticks = 0
    const stop = simulatedTicker(sim).every(1_000, () => ticks++)
    await sim.clock.sleepUntil(3_600_000)
    // The wake-up at 3,600,000 was scheduled before the tick due then: it runs first.
    expect(ticks).toBe(3_599)
    await sim.clock.sleepUntil(3_600_001)
    stop()
    expect(ticks).toBe(3_600)
    expect(sim.pending, 'the stopped ticker left nothing behind').toBe(0)
  })

  test('a time in the past runs now; dispose drops what is pending and refuses more', async () => {
    const sim = new Simulation({ startMs: 100 })
    const at: number[] = []
    sim.at(50, () => at.push(sim.now()))
    await sim.clock.sleepUntil(101)
    expect(at).toEqual([100])
    sim.at(500, () => at.push(sim.now()))
    sim.dispose()
    expect(sim.pending).toBe(0)
    expect(() => sim.at(600, () => undefined)).toThrow(/disposed/)
    expect(() => new Simulation({ startMs: Number.NaN })).toThrow(/startMs: NaN/)
  })
})
