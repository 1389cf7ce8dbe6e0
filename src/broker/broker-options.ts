import type { Side } from '../contract/trading.js'
import { BrokerSpecError, checkNumber } from './broker-error.js'
import type { Scheduler } from './event-scheduler.js'
import { type FeeSchedule, validateFees } from './fees.js'
import { constantLatency, type LatencySpec, validateLatency } from './latency.js'

/** The price an order executes at, e.g. read from the scenario's seeded market path. */
export type MarketPriceFn = (symbol: string, side: Side, tMs: number) => number

/** Options of partial fills: one order executed in several fills. */
export interface PartialFillOptions {
  /** Probability that an order fills in several executions rather than one. @default 1 */
  probability?: number
  /**
   * Most executions per order, >= 2. The count is uniform in 2..maxExecutions, capped at the
   * order's quantity (every execution is at least one share).
   */
  maxExecutions: number
  /** Time between consecutive executions. @default constantLatency(1) */
  interval?: LatencySpec
}

/** Options of {@link simulatedBroker}. */
export interface SimulatedBrokerOptions {
  /** Virtual (`VirtualScheduler`) for exact tests, real (`RealTimeScheduler`) in scenarios. */
  scheduler: Scheduler
  /** Seeds every random draw (latencies, rejects, partial fills): same seed, same event log. */
  seed: number
  /** Execution price of `symbol` for `side` at `tMs` (scheduler time). Must be finite and > 0. */
  marketPrice: MarketPriceFn
  /** Order entry to ack (also cancel entry to effect, and ping round trip). @default constantLatency(1) */
  entryLatency?: LatencySpec
  /** Ack to first execution. @default constantLatency(1) */
  fillLatency?: LatencySpec
  /** @default no fees */
  fees?: FeeSchedule
  /** Probability in [0, 1] that the venue rejects a valid order (`venue_reject`). @default 0 */
  rejectProbability?: number
  /** Symbols the venue trades; others are rejected as `unknown_symbol`. @default any symbol */
  symbols?: readonly string[]
  /** @default every order fills in a single execution */
  partialFills?: PartialFillOptions
  /**
   * Whether the venue cancels every working order when the link drops (`disconnect()`, not a
   * half-open link, which the venue does not notice). @default false: orders keep working
   */
  cancelOnDisconnect?: boolean
  /**
   * A limit order whose price is not marketable at execution time rests and is checked again
   * this often, in ms, until it can execute or is cancelled. @default 10
   */
  limitRecheckMs?: number
}

/** The options with every default filled in, validated. */
export interface ResolvedBrokerOptions {
  readonly scheduler: Scheduler
  readonly seed: number
  readonly marketPrice: MarketPriceFn
  readonly entryLatency: LatencySpec
  readonly fillLatency: LatencySpec
  readonly fees: FeeSchedule
  readonly rejectProbability: number
  readonly symbols: ReadonlySet<string> | undefined
  readonly partialFills:
    | {
        readonly probability: number
        readonly maxExecutions: number
        readonly interval: LatencySpec
      }
    | undefined
  readonly cancelOnDisconnect: boolean
  readonly limitRecheckMs: number
}

const KNOWN: ReadonlySet<string> = new Set<keyof SimulatedBrokerOptions>([
  'scheduler',
  'seed',
  'marketPrice',
  'entryLatency',
  'fillLatency',
  'fees',
  'rejectProbability',
  'symbols',
  'partialFills',
  'cancelOnDisconnect',
  'limitRecheckMs',
])

const EXAMPLE =
  'simulatedBroker({ scheduler: new VirtualScheduler(), seed: 42, marketPrice: () => 100 })'

const fail = (name: string, value: unknown, allowed: string, example = EXAMPLE): never => {
  const shown =
    typeof value === 'function' ? '[function]' : (JSON.stringify(value) ?? String(value))
  throw new BrokerSpecError(
    `simulatedBroker: ${name} = ${shown} is not valid; allowed: ${allowed}. Example: ${example}.`,
  )
}

/**
 * Validates `options` and fills in defaults; throws {@link BrokerSpecError} naming the first bad
 * field, the allowed values and an example.
 *
 * @example
 * resolveBrokerOptions({ scheduler, seed: 42, marketPrice: () => 100, rejectProbability: 2 })
 * // throws: simulatedBroker: rejectProbability = 2 is out of range; allowed: 0 <= p <= 1 ...
 */
export function resolveBrokerOptions(options: SimulatedBrokerOptions): ResolvedBrokerOptions {
  if (typeof options !== 'object' || options === null) fail('options', options, 'an object')
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) {
      throw new BrokerSpecError(
        `simulatedBroker: unknown option ${JSON.stringify(key)}; allowed: ${[...KNOWN].join(', ')}. Check its spelling.`,
      )
    }
  }
  const { scheduler, seed, marketPrice } = options
  const s = scheduler as Partial<Scheduler> | undefined
  if (typeof s?.now !== 'function' || typeof s.at !== 'function') {
    fail('scheduler', scheduler, 'a Scheduler: new VirtualScheduler() or new RealTimeScheduler()')
  }
  if (!Number.isInteger(seed)) fail('seed', seed, 'an integer')
  if (typeof marketPrice !== 'function') {
    fail('marketPrice', marketPrice, 'a function (symbol, side, tMs) => price')
  }
  const where = 'simulatedBroker'
  const entryLatency = options.entryLatency ?? constantLatency(1)
  const fillLatency = options.fillLatency ?? constantLatency(1)
  validateLatency(entryLatency, `${where}: entryLatency`)
  validateLatency(fillLatency, `${where}: fillLatency`)
  const fees = options.fees ?? {}
  validateFees(fees)
  const rejectProbability = options.rejectProbability ?? 0
  checkNumber(
    where,
    'rejectProbability',
    rejectProbability,
    rejectProbability >= 0 && rejectProbability <= 1,
    '0 <= p <= 1',
    'rejectProbability: 0.01',
  )
  const limitRecheckMs = options.limitRecheckMs ?? 10
  checkNumber(
    where,
    'limitRecheckMs',
    limitRecheckMs,
    limitRecheckMs > 0,
    '> 0',
    'limitRecheckMs: 10',
  )
  const cancelOnDisconnect = options.cancelOnDisconnect ?? false
  if (typeof cancelOnDisconnect !== 'boolean') {
    fail('cancelOnDisconnect', cancelOnDisconnect, 'true or false')
  }
  return {
    scheduler,
    seed,
    marketPrice,
    entryLatency,
    fillLatency,
    fees,
    rejectProbability,
    symbols: resolveSymbols(options.symbols),
    partialFills: resolvePartialFills(options.partialFills),
    cancelOnDisconnect,
    limitRecheckMs,
  }
}

function resolveSymbols(symbols: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (symbols === undefined) return undefined
  const example = "symbols: ['ES', 'NQ']"
  if (!Array.isArray(symbols) || symbols.length === 0) {
    fail('symbols', symbols, 'a non-empty array of symbols, or leave it out to accept any', example)
  }
  for (const symbol of symbols) {
    if (typeof symbol !== 'string' || symbol === '') {
      fail('symbols', symbols, 'non-empty strings only', example)
    }
  }
  return new Set(symbols)
}

function resolvePartialFills(
  partial: PartialFillOptions | undefined,
): ResolvedBrokerOptions['partialFills'] {
  if (partial === undefined) return undefined
  const where = 'simulatedBroker: partialFills'
  const example = 'partialFills: { maxExecutions: 4, probability: 0.5 }'
  const probability = partial.probability ?? 1
  checkNumber(
    where,
    'probability',
    probability,
    probability >= 0 && probability <= 1,
    '0 <= p <= 1',
    example,
  )
  const maxExecutions = partial.maxExecutions
  checkNumber(
    where,
    'maxExecutions',
    maxExecutions,
    Number.isInteger(maxExecutions) && maxExecutions >= 2 && maxExecutions <= 10_000,
    'an integer 2..10000',
    example,
  )
  const interval = partial.interval ?? constantLatency(1)
  validateLatency(interval, `${where}.interval`)
  return { probability, maxExecutions, interval }
}
