import { AsyncLocalStorage } from 'node:async_hooks'
import { performance } from 'node:perf_hooks'

import type { WallClockRead } from './scenario-result.js'

export type { WallClockRead }

const engineCall = new AsyncLocalStorage<string>()

interface Patch {
  readonly target: object
  readonly key: string
  readonly original: unknown
}

type AnyFunction = (...args: unknown[]) => unknown

/**
 * Watches an engine for real time in a simulated run: while installed, `Date.now()`,
 * `new Date()`, `performance.now()`, `process.hrtime()`, `setTimeout`, `setInterval` and
 * `setImmediate` called from inside an engine call (and the async work it starts, followed with
 * `AsyncLocalStorage`) are counted by what and where. They still work (the run goes on, so
 * every other check is made too); the run fails its `simulated_clock_only` criterion, naming
 * them. The harness' own calls are not counted.
 *
 * @example
 * const guard = new WallClockGuard()
 * guard.install()
 * guard.call('decide', () => engine.decide(request))
 * guard.uninstall().reads // [{ what: 'Date.now()', during: 'decide', calls: 1 }]
 */
export class WallClockGuard {
  readonly #reads = new Map<string, { what: string; during: string; calls: number }>()
  #patches: Patch[] = []

  /** Runs an engine call where real-time reads are counted against `method`. */
  call<T>(method: string, fn: () => T): T {
    return this.#patches.length === 0 ? fn() : engineCall.run(method, fn)
  }

  install(): void {
    if (this.#patches.length > 0) return
    const note = (what: string): void => {
      const during = engineCall.getStore()
      if (during === undefined) return
      const key = `${what}\u0000${during}`
      const read = this.#reads.get(key)
      if (read) read.calls++
      else this.#reads.set(key, { what, during, calls: 1 })
    }
    const wrap = (target: object, key: string, what: string): void => {
      const original = (target as Record<string, unknown>)[key] as AnyFunction
      const wrapped = function (this: unknown, ...args: unknown[]): unknown {
        note(what)
        return original.apply(this, args)
      }
      Object.assign(wrapped, original)
      this.#patches.push({ target, key, original })
      ;(target as Record<string, unknown>)[key] = wrapped
    }
    wrap(Date, 'now', 'Date.now()')
    wrap(performance, 'now', 'performance.now()')
    wrap(process, 'hrtime', 'process.hrtime()')
    wrap(globalThis, 'setTimeout', 'setTimeout()')
    wrap(globalThis, 'setInterval', 'setInterval()')
    wrap(globalThis, 'setImmediate', 'setImmediate()')
    const RealDate = Date
    const GuardedDate = new Proxy(RealDate, {
      construct(target, args, newTarget) {
        if (args.length === 0) note('new Date()')
        return Reflect.construct(target, args, newTarget)
      },
      apply(target, thisArg, args) {
        note('Date()')
        return Reflect.apply(target, thisArg, args)
      },
    })
    this.#patches.push({ target: globalThis, key: 'Date', original: RealDate })
    ;(globalThis as Record<string, unknown>).Date = GuardedDate
  }

  /** Restores every global and returns what the engine read. */
  uninstall(): { readonly reads: readonly WallClockRead[] } {
    for (const patch of this.#patches.reverse())
      (patch.target as Record<string, unknown>)[patch.key] = patch.original
    this.#patches = []
    return { reads: this.reads() }
  }

  reads(): WallClockRead[] {
    return [...this.#reads.values()].map((r) => ({ ...r }))
  }
}
