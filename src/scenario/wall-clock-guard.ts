import { AsyncLocalStorage } from 'node:async_hooks'
import { performance } from 'node:perf_hooks'
import type { WallClockRead } from './scenario-result.js'

export type { WallClockRead }

/** Inside an engine call: whose guard counts, and the call's name. */
interface EngineCall {
  readonly guard: WallClockGuard
  readonly method: string
}

const engineCall = new AsyncLocalStorage<EngineCall>()

interface Patch {
  readonly target: object
  readonly key: string
  readonly original: unknown
}

type AnyFunction = (...args: unknown[]) => unknown

/**
 * The process' one set of patched globals, shared by every guard installed (two simulated runs
 * may overlap in one process): installed with the first guard, restored with the last.
 */
const patched = { guards: 0, patches: [] as Patch[] }

function patchGlobals(): void {
  const note = (what: string): void => {
    const call = engineCall.getStore()
    call?.guard.note(what, call.method)
  }
  const wrap = (target: object, key: string, what: string): void => {
    const original = (target as Record<string, unknown>)[key] as AnyFunction
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      note(what)
      return original.apply(this, args)
    }
    Object.assign(wrapped, original)
    patched.patches.push({ target, key, original })
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
  patched.patches.push({ target: globalThis, key: 'Date', original: RealDate })
  ;(globalThis as Record<string, unknown>).Date = GuardedDate
}

function restoreGlobals(): void {
  for (const patch of patched.patches.reverse())
    (patch.target as Record<string, unknown>)[patch.key] = patch.original
  patched.patches = []
}

/**
 * Watches an engine for real time in a simulated run: while installed, `Date.now()`,
 * `new Date()`, `performance.now()`, `process.hrtime()`, `setTimeout`, `setInterval` and
 * `setImmediate` called from inside an engine call (and the async work it starts, followed with
 * `AsyncLocalStorage`) are counted by what and where. They still work (the run goes on, so
 * every other check is made too); the run fails its `wall_clock_reads` criterion, naming
 * them. The harness' own calls are not counted, nor another run's.
 *
 * @example
 * const guard = new WallClockGuard()
 * guard.install()
 * guard.call('decide', () => engine.decide(request))
 * guard.uninstall().reads // [{ what: 'Date.now()', during: 'decide', calls: 1 }]
 */
export class WallClockGuard {
  readonly #reads = new Map<string, { what: string; during: string; calls: number }>()
  #installed = false

  /** Runs an engine call where real-time reads are counted against `method`. */
  call<T>(method: string, fn: () => T): T {
    return this.#installed ? engineCall.run({ guard: this, method }, fn) : fn()
  }

  install(): void {
    if (this.#installed) return
    this.#installed = true
    if (patched.guards++ === 0) patchGlobals()
  }

  /** Restores every global (once no other guard needs them) and returns what the engine read. */
  uninstall(): { readonly reads: readonly WallClockRead[] } {
    if (this.#installed) {
      this.#installed = false
      if (--patched.guards === 0) restoreGlobals()
    }
    return { reads: this.reads() }
  }

  /** One real-time call made inside `during`, an engine call of this guard's run. */
  note(what: string, during: string): void {
    const key = `${what}\u0000${during}`
    const read = this.#reads.get(key)
    if (read) read.calls++
    else this.#reads.set(key, { what, during, calls: 1 })
  }

  reads(): WallClockRead[] {
    return [...this.#reads.values()].map((r) => ({ ...r }))
  }
}
