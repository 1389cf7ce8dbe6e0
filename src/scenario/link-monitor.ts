import type { SimulatedBroker } from '../broker/simulated-broker.js'
import type { Clock } from '../common/clock.js'
import { realTicker, type Ticker } from '../common/ticker.js'
import type { LinkChange } from '../contract/trading.js'

/** How the broker link behaved and how long trading took to recover. */
export interface LinkReport {
  /** Offsets (ms from the run start) when the link was found down / back up. */
  readonly downs: readonly number[]
  readonly ups: readonly number[]
  /**
   * From the first time the link was found down to the first risk-increasing order the engine
   * sent after the last restore (trading again, as the venue saw it), in ms.
   */
  readonly recoveryMs: number | undefined
  /** Heartbeats that got no answer in time. */
  readonly missedHeartbeats: number
}

/** What the heartbeat saw; recovery is timed on the order log ({@link withRecovery}). */
export type LinkObservation = Omit<LinkReport, 'recoveryMs'>

/**
 * The link report with its recovery time, measured on what the venue received: the first
 * risk-increasing order sent after the last restore.
 *
 * @example
 * withRecovery({ downs: [5_000], ups: [13_000], missedHeartbeats: 0 }, orders).recoveryMs // 8_004
 */
export function withRecovery(
  link: LinkObservation,
  orders: readonly { readonly sentAtMs: number; readonly reduceOnly?: boolean }[],
): LinkReport {
  const first = link.downs[0]
  const lastUp = link.ups[link.ups.length - 1]
  const resumed =
    first === undefined || lastUp === undefined
      ? undefined
      : orders.find((o) => !o.reduceOnly && o.sentAtMs >= lastUp)?.sentAtMs
  return {
    ...link,
    recoveryMs: first === undefined || resumed === undefined ? undefined : resumed - first,
  }
}

/** A running heartbeat on the broker link. */
export interface LinkMonitor {
  /** A link event the venue reported (a disconnect, a reconnect). */
  linkEvent(link: LinkChange): void
  /** Stops the heartbeat and says what it saw. */
  stop(): LinkObservation
}

/**
 * The application-level liveness check on the broker link: a heartbeat every `intervalMs`
 * (1-5 s; a 30 s FIX heartbeat alone cannot meet a 25 s recovery target) with `timeoutMs` to
 * answer. `misses` unanswered heartbeats in a row, or a disconnect event, is "down"; an answer or
 * a reconnect after that is "up". A half-open link is only ever found this way.
 *
 * @example
 * const monitor = startLinkMonitor(broker, clock, { onChange: (l) => engine.onLinkChange?.(l) })
 * // simulated time: startLinkMonitor(broker, sim.clock, { ticker: simulatedTicker(sim), onChange })
 */
export function startLinkMonitor(
  broker: SimulatedBroker,
  clock: Clock,
  options: {
    runStartMs: number
    intervalMs?: number
    timeoutMs?: number
    misses?: number
    /** What paces the heartbeats. @default realTicker (a timer) */
    ticker?: Ticker
    onChange: (link: LinkChange) => void
  },
): LinkMonitor {
  const downs: number[] = []
  const ups: number[] = []
  let down = false
  let missed = 0
  let missedTotal = 0
  const at = () => clock.now() - options.runStartMs
  // A heartbeat sent before the last change of state says nothing about the link now.
  let generation = 0
  const change = (next: boolean): void => {
    if (next === down) return
    down = next
    generation++
    missed = 0
    ;(next ? downs : ups).push(at())
    options.onChange(next ? 'down' : 'up')
  }
  let pinging = false
  const stopTicking = (options.ticker ?? realTicker).every(options.intervalMs ?? 1_000, () => {
    if (pinging) return
    pinging = true
    const sentIn = generation
    void broker
      .ping(options.timeoutMs ?? 500)
      .then((result) => {
        if (sentIn !== generation) return
        if (result.status === 'ok') {
          missed = 0
          change(false)
        } else {
          missed++
          missedTotal++
          if (missed >= (options.misses ?? 2)) change(true)
        }
      })
      .finally(() => {
        pinging = false
      })
  })
  return {
    linkEvent: (link) => change(link === 'down'),
    stop() {
      stopTicking()
      return { downs: [...downs], ups: [...ups], missedHeartbeats: missedTotal }
    },
  }
}
