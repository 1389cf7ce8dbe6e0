import type { ServiceConnections } from '../services/service-types.js'

/** The services a test worker was given, and the id of the run it belongs to. */
export interface ServicesContext {
  readonly runId: string
  readonly connections: ServiceConnections
}

// On globalThis under a registered symbol, like the result channel: one slot per process even
// if the test file and the plugin loaded different copies of this module.
const KEY = Symbol.for('stressgate.ambient-services')

/**
 * The services the Vitest plugin provisioned for this worker, if any. `runScenario` uses them
 * when the spec does not say otherwise.
 *
 * @example
 * ambientServices()?.connections.redis.backend // 'local'
 */
export function ambientServices(): ServicesContext | undefined {
  return (globalThis as { [KEY]?: ServicesContext })[KEY]
}

/** Sets (or clears) the services of this process. Called by the plugin's setup file. */
export function setAmbientServices(context: ServicesContext | undefined): void {
  ;(globalThis as { [KEY]?: ServicesContext })[KEY] = context
}
