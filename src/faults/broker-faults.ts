import type { SimulatedBroker } from '../broker/simulated-broker.js'
import type { Fault, FaultContext } from './fault.js'
import { FaultSpecError } from './fault-error.js'

function brokerOf(context: FaultContext, fault: string): SimulatedBroker {
  if (!context.broker) {
    throw new FaultSpecError(
      `${fault}: scenario "${context.scenario}" has no simulated broker. Give the scenario a venue: runScenario({ venue: {...}, faults: [...] }).`,
    )
  }
  return context.broker
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
    requires: ['venue'],
    simulated: true,
    apply: (context) => brokerOf(context, 'brokerDisconnect').disconnect(),
    revert: (context) => brokerOf(context, 'brokerDisconnect').reconnect(),
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
    requires: ['venue'],
    simulated: true,
    apply: (context) => brokerOf(context, 'brokerHalfOpen').halfOpen(),
    revert: (context) => brokerOf(context, 'brokerHalfOpen').reconnect(),
  }
}
