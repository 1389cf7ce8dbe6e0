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

describe('two guards at once', () => {
  test("each counts its own engine's reads; the globals come back when the last goes", () => {
    const realNow = Date.now
    const a = new WallClockGuard()
    const b = new WallClockGuard()
    a.install()
    b.install()
    a.call('decide', () => Date.now())
    b.call('onTick', () => performance.now())
    expect(a.uninstall().reads).toEqual([{ what: 'Date.now()', during: 'decide', calls: 1 }])
    expect(Date.now, 'still patched for the other run').not.toBe(realNow)
    b.call('onTick', () => performance.now())
    expect(b.uninstall().reads).toEqual([{ what: 'performance.now()', during: 'onTick', calls: 2 }])
    expect(Date.now).toBe(realNow)
  })
})
