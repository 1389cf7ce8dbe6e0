import type { SimulatedBroker } from '../broker/simulated-broker.js'
import type { Fault } from '../faults/fault.js'
import { FaultSpecError } from '../faults/fault-error.js'
import { processSlot } from './process-slot.js'

/** The simulated broker of the run in progress in this process (set by `runScenario`). */
export const currentVenueBroker = processSlot<SimulatedBroker>('stressgate.current-venue-broker')

function broker(fault: string): SimulatedBroker {
  const current = currentVenueBroker.get()
  if (!current) {
    throw new FaultSpecError(
      `${fault}: no simulated broker is running. Give the scenario a venue: runScenario({ venue: {...}, faults: [...] }).`,
    )
  }
  return current
}

/**
 * The broker drops the link (a disconnected event; orders keep working unless the venue cancels
 * on disconnect) and reconnects when the fault ends, replaying what happened meanwhile.
 *
 * @example
 * faults: [{ at: 3_000, duration: 8_000, fault: brokerDisconnect() }]
 */
export function brokerDisconnect(): Fault {
  return {
    name: 'broker_disconnect',
    apply: () => broker('brokerDisconnect').disconnect(),
    revert: () => broker('brokerDisconnect').reconnect(),
  }
}

/**
 * The link goes half-open: it looks connected, but nothing crosses it and nothing closes it.
 * Only the heartbeat notices. Restored when the fault ends.
 *
 * @example
 * faults: [{ at: 3_000, duration: 8_000, fault: brokerHalfOpen() }]
 */
export function brokerHalfOpen(): Fault {
  return {
    name: 'broker_half_open',
    apply: () => broker('brokerHalfOpen').halfOpen(),
    revert: () => broker('brokerHalfOpen').reconnect(),
  }
}
