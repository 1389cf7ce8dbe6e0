import { describe, expect, test } from 'vitest'
import { systemClock, VirtualClock } from '../common/clock.js'
import { BrokerSpecError, BrokerStateError } from './broker-error.js'
import { RealTimeScheduler, VirtualScheduler } from './event-scheduler.js'

describe('VirtualScheduler', () => {
  test('fires due actions in time order, ties in scheduling order, each at its own time', () => {
    const scheduler = new VirtualScheduler(new VirtualClock(100))
    const fired: string[] = []
    const log = (name: string) => () => fired.push(`${name}@${scheduler.now()}`)
    scheduler.at(130, log('c'))
    scheduler.at(110, log('a'))
    scheduler.at(120, log('b1'))
    scheduler.at(120, log('b2'))
    scheduler.at(150, log('late'))
    scheduler.runUntil(140)
    expect(fired).toEqual(['a@110', 'b1@120', 'b2@120', 'c@130'])
    expect(scheduler.now(), 'clock moves to the target').toBe(140)
    expect(scheduler.pending).toBe(1)
    scheduler.advanceBy(10)
    expect(fired.at(-1)).toBe('late@150')
    expect(scheduler.pending).toBe(0)
  })

  test('actions scheduled by actions fire in the same run when due', () => {
    const scheduler = new VirtualScheduler()
    const fired: number[] = []
    scheduler.at(1, () => {
      fired.push(scheduler.now())
      scheduler.at(scheduler.now() + 2, () => fired.push(scheduler.now()))
      scheduler.at(scheduler.now() + 20, () => fired.push(scheduler.now()))
    })
    scheduler.runUntil(10)
    expect(fired).toEqual([1, 3])
  })

  test('a cancelled action never fires and stops counting as pending', () => {
    const scheduler = new VirtualScheduler()
    let fired = 0
    const event = scheduler.at(5, () => fired++)
    expect(scheduler.pending).toBe(1)
    expect(event.cancel()).toBe(true)
    expect(event.cancel(), 'second cancel').toBe(false)
    expect(scheduler.pending).toBe(0)
    scheduler.runUntil(10)
    expect(fired).toBe(0)
  })

  test('a time in the past is clamped to now, after what is already due now', () => {
    const scheduler = new VirtualScheduler(new VirtualClock(50))
    const fired: string[] = []
    scheduler.at(50, () => fired.push(`due@${scheduler.now()}`))
    scheduler.at(10, () => fired.push(`past@${scheduler.now()}`))
    scheduler.runUntil(50)
    expect(fired).toEqual(['due@50', 'past@50'])
  })

  test('many random times come out sorted (heap order)', () => {
    const scheduler = new VirtualScheduler()
    const times: number[] = []
    for (let i = 0; i < 500; i++) {
      const t = (i * 7919) % 1009
      scheduler.at(t, () => times.push(scheduler.now()))
    }
    expect(scheduler.runAll()).toBe(500)
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })

  test('refuses to go back in time, NaN times, re-entry and endless runAll', () => {
    const scheduler = new VirtualScheduler(new VirtualClock(10))
    expect(() => scheduler.runUntil(5)).toThrow(BrokerStateError)
    expect(() => scheduler.runUntil(5)).toThrow(/virtual time is already 10 ms/)
    expect(() => scheduler.at(Number.NaN, () => {})).toThrow(BrokerSpecError)
    scheduler.at(11, () => scheduler.runUntil(20))
    expect(() => scheduler.runUntil(12)).toThrow(/from inside a scheduled action/)
    const forever = (): void => {
      scheduler.at(scheduler.now() + 1, forever)
    }
    forever()
    expect(() => scheduler.runAll(100)).toThrow(/reschedules itself forever/)
  })

  test('an error thrown by an action propagates out of runUntil', () => {
    const scheduler = new VirtualScheduler()
    scheduler.at(1, () => {
      throw new Error('boom')
    })
    expect(() => scheduler.runUntil(2)).toThrow('boom')
  })
})

describe('RealTimeScheduler', () => {
  test('fires actions in time order and never before their time', async () => {
    using scheduler = new RealTimeScheduler({ clock: systemClock() })
    const start = scheduler.now()
    const fired: { name: string; early: number }[] = []
    await new Promise<void>((resolve) => {
      const at = (name: string, offset: number, then?: () => void) =>
        scheduler.at(start + offset, () => {
          fired.push({ name, early: start + offset - scheduler.now() })
          then?.()
        })
      at('c', 12, resolve)
      at('a', 2)
      at('b', 6)
      at('b2', 6)
    })
    expect(fired.map((f) => f.name)).toEqual(['a', 'b', 'b2', 'c'])
    for (const f of fired) expect(f.early, `${f.name} not early`).toBeLessThanOrEqual(0)
  })

  test('reports errors to onError and keeps running the others', async () => {
    const errors: unknown[] = []
    using scheduler = new RealTimeScheduler({ onError: (error) => errors.push(error) })
    await new Promise<void>((resolve) => {
      scheduler.at(scheduler.now() + 1, () => {
        throw new Error('first')
      })
      scheduler.at(scheduler.now() + 2, resolve)
    })
    expect(errors).toEqual([new Error('first')])
  })

  test('dispose clears the timer and refuses new actions', async () => {
    const scheduler = new RealTimeScheduler()
    let fired = false
    scheduler.at(scheduler.now() + 1, () => {
      fired = true
    })
    scheduler[Symbol.dispose]()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(fired).toBe(false)
    expect(() => scheduler.at(0, () => {})).toThrow(/was disposed/)
  })
})
