import type { MetricsExposition } from '../metrics/live-registry.js'
import type { ServiceConnections } from '../services/service-types.js'
import { processSlot } from './process-slot.js'

/** The services a test worker was given, and the id of the run it belongs to. */
export interface ServicesContext {
  readonly runId: string
  readonly connections: ServiceConnections
  /** Where runs serve their metrics while they run (the plugin's /metrics server). */
  readonly metrics?: MetricsExposition
}

const slot = processSlot<ServicesContext>('stressgate.ambient-services')

/**
 * The services the Vitest plugin provisioned for this worker, if any. `runScenario` uses them
 * when the spec does not say otherwise.
 *
 * @example
 * ambientServices()?.connections.redis.backend // 'local'
 */
export function ambientServices(): ServicesContext | undefined {
  return slot.get()
}

/** Sets (or clears) the services of this process. Called by the plugin's setup file. */
export function setAmbientServices(context: ServicesContext | undefined): void {
  slot.set(context)
}
