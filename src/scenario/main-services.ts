import type { ServicesContext } from './ambient-services.js'
import { processSlot } from './process-slot.js'

/** What the main process provisioned, with start timings, for the reporter. */
export interface MainServicesContext extends ServicesContext {
  /** When provisioning started and ended (ms since the process started). */
  readonly provisionStartMs: number
  readonly provisionEndMs: number
}

const slot = processSlot<MainServicesContext>('stressgate.main-services')

/** The services the global setup started in this (main) process, for the reporter. */
export function mainServices(): MainServicesContext | undefined {
  return slot.get()
}

/** Called by the global setup when services are up, and with undefined once they are stopped. */
export function setMainServices(context: MainServicesContext | undefined): void {
  slot.set(context)
}
