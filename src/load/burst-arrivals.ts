import { LoadSpecError } from './load-error.js'
import { drawPoissonOffsets } from './poisson-arrivals.js'
import type { ArrivalSchedule } from './schedule.js'

/** Options of {@link burstArrivals}. */
export interface BurstArrivalsOptions {
  /** Base decisions per second, between bursts. Must be > 0. */
  perSecond: number
  /** Rate during a burst as a multiple of `perSecond`. Must be >= 1. */
  burstMultiplier: number
  /** Period of the bursts in ms: one starts at 0, `burstEveryMs`, `2 * burstEveryMs`, ... */
  burstEveryMs: number
  /** Length of each burst in ms. Must be > 0 and < `burstEveryMs`. */
  burstMs: number
  /** Length of the run in milliseconds. Must be > 0. */
  durationMs: number
  /**
   * Integer seed: when given, arrivals within each burst and base segment are a Poisson process
   * at that segment's rate; without it they are evenly spaced and the count is exact.
   * @default undefined (evenly spaced)
   */
  seed?: number
}

/** A base rate with periodic bursts (a market open, a news spike, a retry storm). */
export interface BurstArrivalsSchedule extends ArrivalSchedule {
  readonly kind: 'burst'
  readonly perSecond: number
  readonly burstMultiplier: number
  readonly burstEveryMs: number
  readonly burstMs: number
  readonly seed: number | undefined
  /** `burst 1`, `base 1`, `burst 2`, `base 2`, ... in time order; the last may be cut short. */
  phases(): { name: string; startMs: number; endMs: number }[]
}

/** A burst or base stretch and its rate. */
interface Segment {
  name: string
  startMs: number
  endMs: number
  perSecond: number
}

const EXAMPLE =
  'perSecond: 1_000, burstMultiplier: 10, burstEveryMs: 5_000, burstMs: 500, durationMs: 10_000'

const fail = (message: string): never => {
  throw new LoadSpecError(`burstArrivals: ${message} Example: burstArrivals({ ${EXAMPLE} }).`)
}

const validate = (options: BurstArrivalsOptions): void => {
  for (const name of ['perSecond', 'burstEveryMs', 'burstMs', 'durationMs'] as const) {
    const value = options[name]
    if (!Number.isFinite(value) || value <= 0) {
      fail(`${name} must be a finite number > 0, got ${String(value)}.`)
    }
  }
  const { burstMultiplier, burstMs, burstEveryMs, seed } = options
  if (!Number.isFinite(burstMultiplier) || burstMultiplier < 1) {
    fail(`burstMultiplier must be a finite number >= 1, got ${String(burstMultiplier)}.`)
  }
  if (burstMs >= burstEveryMs) {
    fail(`burstMs (${burstMs}) must be shorter than burstEveryMs (${burstEveryMs}).`)
  }
  if (seed !== undefined && !Number.isInteger(seed)) {
    fail(`seed must be an integer or omitted, got ${String(seed)}.`)
  }
}

interface Placement {
  count: number
  at: (index: number) => number
}

/** Decision `i` where the integral of the rate reaches `i`; O(1) per lookup, as the rate is periodic. */
const evenlySpaced = (options: BurstArrivalsOptions): Placement => {
  const { perSecond, burstMultiplier, burstEveryMs, burstMs, durationMs } = options
  const burstPerSecond = perSecond * burstMultiplier
  const inBurst = (burstPerSecond * burstMs) / 1000
  const perPeriod = inBurst + (perSecond * (burstEveryMs - burstMs)) / 1000
  const periods = Math.floor(durationMs / burstEveryMs)
  const restMs = durationMs - periods * burstEveryMs
  const total =
    periods * perPeriod +
    (burstPerSecond * Math.min(restMs, burstMs) + perSecond * Math.max(0, restMs - burstMs)) / 1000
  return {
    // Rounding can leave a whole total just below itself (18999.999...); keep its last decision.
    count: Math.floor(total + 1e-9),
    at(index) {
      const k = Math.floor(index / perPeriod)
      const within = index - k * perPeriod
      return within < inBurst
        ? k * burstEveryMs + (within * 1000) / burstPerSecond
        : k * burstEveryMs + burstMs + ((within - inBurst) * 1000) / perSecond
    },
  }
}

const drawn = (segments: readonly Segment[], seed: number): Placement => {
  const offsets = drawPoissonOffsets(seed, segments)
  return { count: offsets.length, at: (index) => offsets[index] ?? Number.NaN }
}

/**
 * Decisions at `perSecond` with a burst at `burstMultiplier` times that rate for `burstMs` at
 * the start of every `burstEveryMs` period (so the first burst opens the run). Without a seed,
 * decision `i` sits where the integral of the rate reaches `i`, so the count and the count of
 * every phase are exact; with one, each phase is a Poisson process at its rate.
 *
 * @example
 * // 1000/s with 10x bursts of 500 ms every 5 s: 2 bursts x 5,000 + 2 bases x 4,500 = 19,000
 * const load = burstArrivals({ perSecond: 1_000, burstMultiplier: 10, burstEveryMs: 5_000, burstMs: 500, durationMs: 10_000 })
 */
export function burstArrivals(options: BurstArrivalsOptions): BurstArrivalsSchedule {
  validate(options)
  const { perSecond, burstMultiplier, burstEveryMs, burstMs, durationMs, seed } = options
  const segments: Segment[] = []
  for (let k = 0; k * burstEveryMs < durationMs; k++) {
    const startMs = k * burstEveryMs
    const burstEndMs = Math.min(startMs + burstMs, durationMs)
    segments.push({
      name: `burst ${k + 1}`,
      startMs,
      endMs: burstEndMs,
      perSecond: perSecond * burstMultiplier,
    })
    if (burstEndMs < durationMs) {
      const endMs = Math.min(startMs + burstEveryMs, durationMs)
      segments.push({ name: `base ${k + 1}`, startMs: burstEndMs, endMs, perSecond })
    }
  }

  const { count, at } = seed === undefined ? evenlySpaced(options) : drawn(segments, seed)
  if (count < 1) {
    const fix =
      seed === undefined ? 'Raise perSecond' : `Pick another seed than ${seed}, raise perSecond`
    fail(`${perSecond}/s for ${durationMs} ms schedules no decision. ${fix} or durationMs.`)
  }
  const describeSeed = seed === undefined ? '' : `, poisson seed ${seed}`
  return {
    kind: 'burst',
    perSecond,
    burstMultiplier,
    burstEveryMs,
    burstMs,
    seed,
    durationMs,
    count,
    offsetMs(index) {
      if (!(Number.isInteger(index) && index >= 0 && index < count)) {
        throw new RangeError(`burstArrivals: index ${index} is outside 0..${count - 1}.`)
      }
      return at(index)
    },
    describe: () =>
      `burst ${perSecond}/s, ${burstMultiplier}x for ${burstMs} ms every ${burstEveryMs} ms, for ${durationMs} ms${describeSeed}`,
    phases: () => segments.map(({ name, startMs, endMs }) => ({ name, startMs, endMs })),
  }
}
