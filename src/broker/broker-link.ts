import { BrokerStateError } from './broker-error.js'
import type { BrokerEvent, BrokerListener, VenueEvent } from './broker-events.js'

/** `half_open`: the client believes the link is up, but nothing crosses it either way. */
export type LinkState = 'up' | 'down' | 'half_open'

/** A venue event before the link stamps whether it was delivered live or replayed. */
export type UnstampedVenueEvent = Unstamped<VenueEvent>
type Unstamped<E> = E extends VenueEvent ? Omit<E, 'replayed'> : never

/**
 * The link between client and venue. Venue events go through an outbox: delivered at once while
 * the link is up, held while it is down or half-open and delivered in order, each exactly once
 * (it leaves the outbox before it reaches a listener), after `reconnect`.
 *
 * @example
 * const link = new BrokerLink()
 * link.disconnect(5)                                        // emits disconnected
 * link.post({ type: 'cancel_rejected', atMs: 6, clientOrderId: 'o-1', reason: 'too_late' }) // held
 * link.reconnect(9)                                         // emits reconnected, then the held event
 */
export class BrokerLink {
  #state: LinkState = 'up'
  #epoch = 0
  readonly #outbox: VenueEvent[] = []
  readonly #listeners = new Set<BrokerListener>()

  get state(): LinkState {
    return this.#state
  }

  /** Counts the times the link left `up`; a reply sent in an earlier epoch never arrives. */
  get epoch(): number {
    return this.#epoch
  }

  subscribe(listener: BrokerListener): () => void {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  /** A venue event that happened now. */
  post(event: UnstampedVenueEvent): void {
    this.#outbox.push({ ...event, replayed: this.#state !== 'up' } as VenueEvent)
    this.#drain()
  }

  disconnect(atMs: number): void {
    if (this.#state === 'down') {
      throw new BrokerStateError(
        'disconnect(): the link is already down; call reconnect() first, or check broker.linkState.',
      )
    }
    if (this.#state === 'up') this.#epoch++
    this.#state = 'down'
    this.#emit({ type: 'disconnected', atMs })
  }

  halfOpen(): void {
    if (this.#state !== 'up') {
      throw new BrokerStateError(
        `halfOpen(): the link is ${this.#state}; only an up link can go half-open. Call reconnect() first.`,
      )
    }
    this.#epoch++
    this.#state = 'half_open'
  }

  reconnect(atMs: number): void {
    if (this.#state === 'up') {
      throw new BrokerStateError(
        'reconnect(): the link is already up; call disconnect() or halfOpen() first, or check broker.linkState.',
      )
    }
    this.#state = 'up'
    this.#emit({ type: 'reconnected', atMs, replayCount: this.#outbox.length })
    this.#drain()
  }

  #drain(): void {
    while (this.#state === 'up') {
      const event = this.#outbox.shift()
      if (event === undefined) return
      this.#emit(event)
    }
  }

  #emit(event: BrokerEvent): void {
    for (const listener of [...this.#listeners]) listener(event)
  }
}
