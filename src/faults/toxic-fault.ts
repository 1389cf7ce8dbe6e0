import type { StandaloneFault } from './fault.js'
import type { StartedFaultProxy } from './fault-proxy.js'
import type { Toxic } from './toxic.js'
import { validateToxic } from './validate-toxic.js'

/**
 * A toxic on a fault proxy for the length of a timeline entry: added at its start, removed at its
 * end. The toxic is checked now, so a bad one fails when the timeline is built, not mid-run.
 *
 * @example
 * const entry = { at: 1_000, duration: 2_000, fault: toxicFault(proxy, { type: 'latency', attributes: { latency: 50 } }) }
 */
export function toxicFault(proxy: StartedFaultProxy, toxic: Toxic): StandaloneFault {
  const { name } = validateToxic(toxic)
  return {
    name,
    apply: () => {
      proxy.addToxic(toxic)
    },
    revert: () => proxy.removeToxic(name),
  }
}
