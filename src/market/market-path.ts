import type { MarketTick } from '../contract/trading.js'
import { MarketSpecError } from './market-error.js'

/** A price path: ticks in time order (a model samples every `tickMs`; a replay may be irregular). */
export interface MarketPath {
  readonly kind: string
  readonly symbol: string
  /** Nominal sampling interval, in ms. */
  readonly tickMs: number
  readonly ticks: readonly MarketTick[]
}

/** A market model: plain data plus a seeded path builder, so a scenario reads as data. */
export interface MarketSpec {
  readonly kind: string
  /** Builds the path for a run of `durationMs` from `seed`. Same inputs, same path. */
  build(seed: number, durationMs: number): MarketPath
}

/**
 * The tick in force at `tMs`: the last tick at or before it (the first tick before the path starts).
 *
 * @example
 * tickAt(path, 1_250).price
 */
export function tickAt(path: MarketPath, tMs: number): MarketTick {
  const { ticks } = path
  let lo = 0
  let hi = ticks.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((ticks[mid]?.tMs ?? Number.POSITIVE_INFINITY) <= tMs) lo = mid
    else hi = mid - 1
  }
  const tick = ticks[lo]
  if (tick === undefined) throw new MarketSpecError(`market path "${path.kind}" has no ticks`)
  return tick
}
