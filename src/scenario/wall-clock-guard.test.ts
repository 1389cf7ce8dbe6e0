import { afterEach, describe, expect, test } from 'vitest'
import { WallClockGuard } from './wall-clock-guard.js'

let guard: WallClockGuard | undefined
afterEach(() => {
  guard?.uninstall()
  guard = undefined
})

describe('WallClockGuard', () => {
  test('counts real time read inside an engine call, by what and where, and nothing else', async () => {
    guard = new WallClockGuard()
    guard.install()
    Date.now() // the harness' own: not counted
    guard.call('decide', () => {
      Date.now()
      Date.now()
      performance.now()
      return new Date()
    })
    await guard.call('flattenAll', async () => {
      await Promise.resolve()
      // still the engine's: async work it started
      clearTimeout(setTimeout(() => undefined, 10))
    })
    expect(guard.reads()).toEqual([
      { what: 'Date.now()', during: 'decide', calls: 2 },
      { what: 'performance.now()', during: 'decide', calls: 1 },
      { what: 'new Date()', during: 'decide', calls: 1 },
      { what: 'setTimeout()', during: 'flattenAll', calls: 1 },
    ])
  })

  test('uninstall restores every global, and the functions kept working meanwhile', () => {
    const originals = [Date, Date.now, performance.now, setTimeout, setImmediate, process.hrtime]
    guard = new WallClockGuard()
    guard.install()
    const inside = guard.call('decide', () => ({ now: Date.now(), date: new Date(0) }))
    expect(inside.now, 'Date.now() still tells the time').toBeGreaterThan(0)
    expect(inside.date).toBeInstanceOf(Date)
    expect(guard.uninstall().reads.map((r) => r.what)).toEqual(['Date.now()'])
    guard = undefined
    expect([Date, Date.now, performance.now, setTimeout, setImmediate, process.hrtime]).toEqual(
      originals,
    )
  })
})
