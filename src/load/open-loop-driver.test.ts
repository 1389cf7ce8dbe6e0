import { describe, expect, test } from 'vitest'
import { VirtualClock } from '../common/clock.js'
import { constantRate } from './constant-rate.js'
import { EngineBusy } from './engine-busy.js'
import { type Dispatch, driveOpenLoop } from './open-loop-driver.js'

describe('driveOpenLoop', () => {
  test('dispatches at the intended times and charges no lag to a punctual generator', async () => {
    const clock = new VirtualClock()
    const seen: Dispatch[] = []
    const lags: number[] = []
    const outcome = await driveOpenLoop({
      schedule: constantRate({ perSecond: 100, durationMs: 50 }),
      clock,
      fire: (d) => {
        seen.push(d)
      },
      onLag: (lag) => lags.push(lag),
    })
    expect(seen.map((d) => d.intendedMs)).toEqual([0, 10, 20, 30, 40])
    expect(seen.map((d) => d.startedMs)).toEqual([0, 10, 20, 30, 40])
    expect(lags).toEqual([0, 0, 0, 0, 0])
    expect(outcome.dispatched).toBe(5)
  })

  test('does not wait for a slow engine, and does not call the engine stall generator lag', async () => {
    const clock = new VirtualClock()
    const started: number[] = []
    const lags: number[] = []
    await driveOpenLoop({
      schedule: constantRate({ perSecond: 1_000, durationMs: 5 }),
      clock,
      fire: ({ index }) => {
        started.push(clock.now())
        if (index === 0) clock.advance(3) // the engine holds the thread for 3 ms
      },
      onLag: (lag) => lags.push(lag),
    })
    expect(started, 'decisions 1 and 2 start as soon as the engine lets go').toEqual([
      0, 3, 3, 3, 4,
    ])
    expect(lags, 'none of that delay is the generator').toEqual([0, 0, 0, 0, 0])
  })

  test("the catch-up after an engine stall is the engine's, even the harness work in it", async () => {
    // The engine holds the thread 3 ms on decision 0; every decision also costs the harness
    // 0.25 ms outside the engine. Decisions 1-3 are late behind the stall, and by the harness'
    // work through that backlog: all of it is the engine's. Once on time again, the harness'
    // own delays are the generator's.
    const clock = new VirtualClock()
    const busy = new EngineBusy()
    const dispatches: Dispatch[] = []
    await driveOpenLoop({
      schedule: constantRate({ perSecond: 1_000, durationMs: 8 }),
      clock,
      engineBusy: busy,
      fire: (d) => {
        dispatches.push(d)
        const start = clock.now()
        if (d.index === 0) clock.advance(3)
        busy.add(start, clock.now())
        clock.advance(0.25)
      },
      onLag: () => undefined,
    })
    expect(dispatches.map((d) => d.startedMs)).toEqual([0, 3.25, 3.5, 3.75, 4, 5, 6, 7])
    expect(dispatches.map((d) => d.lagMs)).toEqual([0, 0, 0, 0, 0, 0, 0, 0])
  })

  test("without an engine stall, the harness' work that makes decisions late is lag", async () => {
    const clock = new VirtualClock()
    const lags: number[] = []
    await driveOpenLoop({
      schedule: constantRate({ perSecond: 1_000, durationMs: 4 }),
      clock,
      engineBusy: new EngineBusy(),
      fire: () => clock.advance(1.5), // harness work, none of it the engine's
      onLag: (lag) => lags.push(lag),
    })
    expect(lags).toEqual([0, 0.5, 1, 1.5])
  })

  test('charges a late wake-up to the generator', async () => {
    class OversleepingClock extends VirtualClock {
      override sleepUntil(atMs: number): Promise<void> {
        return super.sleepUntil(atMs + 2)
      }
    }
    const lags: number[] = []
    await driveOpenLoop({
      schedule: constantRate({ perSecond: 100, durationMs: 30 }),
      clock: new OversleepingClock(),
      fire: () => undefined,
      onLag: (lag) => lags.push(lag),
    })
    expect(lags).toEqual([0, 2, 2])
  })

  test("the backlog a late wake-up leaves is the generator's too, not only the first decision", async () => {
    class OversleepsOnce extends VirtualClock {
      #late = 5
      override sleepUntil(atMs: number): Promise<void> {
        const late = this.#late
        this.#late = 0
        return super.sleepUntil(atMs + late)
      }
    }
    const lags: number[] = []
    await driveOpenLoop({
      schedule: constantRate({ perSecond: 1_000, durationMs: 7 }),
      clock: new OversleepsOnce(),
      fire: () => undefined,
      onLag: (lag) => lags.push(lag),
    })
    expect(lags).toEqual([0, 5, 4, 3, 2, 1, 0])
  })

  test('keeps unfinished async decisions in flight and forgets settled ones', async () => {
    const clock = new VirtualClock()
    let release: () => void = () => undefined
    const pending = new Promise<void>((resolve) => {
      release = resolve
    })
    const outcome = await driveOpenLoop({
      schedule: constantRate({ perSecond: 1_000, durationMs: 2 }),
      clock,
      fire: ({ index }) => (index === 0 ? pending : Promise.resolve()),
      onLag: () => undefined,
    })
    await Promise.resolve()
    expect(outcome.inFlight.size).toBe(1)
    release()
    await pending
    await Promise.resolve()
    expect(outcome.inFlight.size).toBe(0)
  })

  test('maxInFlight: a decision due while the cap waits on the engine is dropped and counted', async () => {
    const clock = new VirtualClock()
    const fired: number[] = []
    const releases: (() => void)[] = []
    const hang = () =>
      new Promise<void>((resolve) => {
        releases.push(resolve)
      })
    const release = () => {
      for (const r of releases) r()
    }
    // 10 decisions 1 ms apart; decisions 0-2 hang, so 3, 4 and 5 are dropped. When 5 is due the
    // engine answers all three (settled before 6 is due), and 6-9 find room again.
    const outcome = await driveOpenLoop({
      schedule: constantRate({ perSecond: 1_000, durationMs: 10 }),
      clock,
      maxInFlight: 3,
      fire: ({ index }) => {
        fired.push(index)
        return index < 3 ? hang() : undefined
      },
      onLag: () => {
        if (clock.now() >= 5 && fired.length === 3) release()
      },
    })
    expect(fired).toEqual([0, 1, 2, 6, 7, 8, 9])
    expect(outcome.dropped).toBe(3)
    expect(outcome.dispatched).toBe(7)
  })
})
