import type { ScenarioResult } from './scenario-result.js'

type Listener = (result: ScenarioResult) => void

/*
 * The channel lives on globalThis under a registered symbol so that a listener added by the
 * Vitest plugin hears results even when the test file loaded a second copy of this module
 * (e.g. the built package next to the sources).
 */
const KEY = Symbol.for('stressgate.scenario-results')

const listeners = (): Set<Listener> => {
  const holder = globalThis as { [KEY]?: Set<Listener> }
  holder[KEY] ??= new Set<Listener>()
  return holder[KEY]
}

/**
 * Hears every result `runScenario` produces in this process until the returned function is
 * called. The Vitest plugin uses it to attach results to the running test.
 *
 * @example
 * const stop = onScenarioResult((r) => console.log(r.name, r.state))
 * await runScenario(spec)
 * stop()
 */
export function onScenarioResult(listener: Listener): () => void {
  listeners().add(listener)
  return () => {
    listeners().delete(listener)
  }
}

/** Sends a result to every listener; a throwing listener does not stop the others. */
export function publishScenarioResult(result: ScenarioResult): void {
  for (const listener of listeners()) {
    try {
      listener(result)
    } catch {
      // A broken observer must not turn a measured run into an exception.
    }
  }
}
