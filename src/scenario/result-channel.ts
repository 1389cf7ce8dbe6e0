import { processSlot } from './process-slot.js'
import type { ScenarioResult } from './scenario-result.js'

type Listener = (result: ScenarioResult) => void

const slot = processSlot<Set<Listener>>('stressgate.scenario-results')

const listeners = (): Set<Listener> => {
  let set = slot.get()
  if (set === undefined) {
    set = new Set<Listener>()
    slot.set(set)
  }
  return set
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
