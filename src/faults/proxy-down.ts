import type { StandaloneFault } from './fault.js'
import type { StartedFaultProxy } from './fault-proxy.js'

/**
 * Toxiproxy's "down" for the length of a timeline entry: every connection through `proxy` is
 * closed and new ones are refused, then it listens again on the same port.
 *
 * @example
 * const entry = { at: 5_000, duration: 1_000, fault: proxyDown(proxy) }
 */
export function proxyDown(proxy: StartedFaultProxy, name = 'proxy_down'): StandaloneFault {
  return {
    name,
    apply: () => proxy.setEnabled(false),
    revert: () => proxy.setEnabled(true),
  }
}
