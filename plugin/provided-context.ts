import type { ServicesContext } from '../src/scenario/ambient-services.js'
import type { ServicesMode } from '../src/services/service-types.js'

declare module 'vitest' {
  interface ProvidedContext {
    /** The services mode the plugin was configured with (read by the global setup). */
    stressgateServicesMode: ServicesMode
    /** What the global setup provisioned; null before it ran. */
    stressgateServices: ServicesContext | null
    /** Port of the /metrics server each scenario file runs; null: none. */
    stressgateMetricsPort: number | null
    /** The engine module to certify (absolute path); null: the reference governor. */
    stressgateEngine: string | null
  }
}
