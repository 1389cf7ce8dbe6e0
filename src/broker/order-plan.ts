import { type Rng, seededRng } from '../common/random.js'
import type { ResolvedBrokerOptions } from './broker-options.js'
import { type LatencySampler, latencySampler } from './latency.js'
import { splitQuantity } from './partial-fills.js'

/** One execution of an order: its delay after the previous event (the ack, for the first). */
export interface PlannedExecution {
  readonly delayMs: number
  readonly quantity: number
}

/** Everything random about one order, drawn when the venue receives it. */
export interface OrderPlan {
  /** Entry to ack (or reject). */
  readonly entryMs: number
  /** Rejected by the venue's random `rejectProbability` draw. */
  readonly venueReject: boolean
  /** Empty when the order will not execute. */
  readonly executions: readonly PlannedExecution[]
}

/**
 * Independent seeded streams, one per concern, so that e.g. turning partial fills on does not
 * change any order's latencies or rejects.
 */
export interface PlanStreams {
  readonly entry: LatencySampler
  readonly fill: LatencySampler
  readonly cancel: LatencySampler
  readonly heartbeat: LatencySampler
  readonly reject: Rng
  readonly partial: Rng
  readonly interval: LatencySampler | undefined
}

/**
 * Derives the streams from the broker's seed: a master generator seeded with `seed` seeds one
 * generator per concern.
 *
 * @example
 * const streams = planStreams(resolveBrokerOptions({ scheduler, seed: 42, marketPrice }))
 */
export function planStreams(options: ResolvedBrokerOptions): PlanStreams {
  const master = seededRng(options.seed)
  const next = (): Rng => seededRng(master.int(-0x8000_0000, 0x7fff_ffff))
  const entry = latencySampler(options.entryLatency, next())
  const fill = latencySampler(options.fillLatency, next())
  const cancel = latencySampler(options.entryLatency, next())
  const heartbeat = latencySampler(options.entryLatency, next())
  const reject = next()
  const partial = next()
  const intervalRng = next()
  const interval =
    options.partialFills === undefined
      ? undefined
      : latencySampler(options.partialFills.interval, intervalRng)
  return { entry, fill, cancel, heartbeat, reject, partial, interval }
}

/**
 * Draws the plan of one order. The entry, fill and reject streams advance by exactly one draw per
 * order whatever happens, so one order's outcome never shifts another's.
 *
 * @example
 * drawOrderPlan(100, true, options, streams) // { entryMs: 1, venueReject: false, executions: [...] }
 */
export function drawOrderPlan(
  quantity: number,
  valid: boolean,
  options: ResolvedBrokerOptions,
  streams: PlanStreams,
): OrderPlan {
  const entryMs = streams.entry()
  const fillMs = streams.fill()
  const venueReject = streams.reject.next() < options.rejectProbability
  if (!valid || venueReject) return { entryMs, venueReject, executions: [] }
  const partial = options.partialFills
  let parts = 1
  if (partial !== undefined && quantity >= 2 && streams.partial.next() < partial.probability) {
    parts = streams.partial.int(2, Math.min(partial.maxExecutions, quantity))
  }
  const quantities = parts === 1 ? [quantity] : splitQuantity(quantity, parts, streams.partial)
  const executions = quantities.map((q, i) => ({
    delayMs: i === 0 ? fillMs : (streams.interval?.() ?? 0),
    quantity: q,
  }))
  return { entryMs, venueReject, executions }
}
