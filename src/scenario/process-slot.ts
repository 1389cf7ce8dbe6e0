/**
 * A per-process value on globalThis under a registered symbol: one slot per process even when
 * the test file and the plugin loaded different copies of a module (e.g. the built package next
 * to the sources).
 *
 * @example
 * const slot = processSlot<number>('stressgate.example')
 * slot.set(1)
 * slot.get() // 1
 */
export function processSlot<T>(name: string): {
  get(): T | undefined
  set(value: T | undefined): void
} {
  const key = Symbol.for(name)
  const holder = globalThis as Record<symbol, T | undefined>
  return {
    get: () => holder[key],
    set: (value) => {
      holder[key] = value
    },
  }
}
