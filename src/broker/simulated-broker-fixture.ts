import type { Side } from '../contract/trading.js'
import type { BrokerEvent, FillEvent } from './broker-events.js'
import type { SimulatedBrokerOptions } from './broker-options.js'
import { VirtualScheduler } from './event-scheduler.js'
import { simulatedBroker } from './simulated-broker.js'

/** A seeded broker on a virtual scheduler, every event it publishes, and its fills by order. */
export function setup(options: Partial<SimulatedBrokerOptions> = {}) {
  const scheduler = new VirtualScheduler()
  const broker = simulatedBroker({ scheduler, seed: 42, marketPrice: () => 100, ...options })
  const events: BrokerEvent[] = []
  broker.subscribe((event) => events.push(event))
  const fills = (id?: string) =>
    events.filter(
      (e): e is FillEvent => e.type === 'fill' && (id === undefined || e.clientOrderId === id),
    )
  return { scheduler, broker, events, fills }
}

/** A 100-lot (by default) buy of ES. */
export const order = (clientOrderId: string, quantity = 100, side: Side = 'buy') => ({
  clientOrderId,
  symbol: 'ES',
  side,
  quantity,
})
