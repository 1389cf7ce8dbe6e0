/** The market at one instant, as the engine and the simulated venue see it. */
export interface MarketTick {
  /** Milliseconds from the start of the run. */
  readonly tMs: number
  readonly symbol: string
  /** Mid price. */
  readonly price: number
  /** Displayed depth as a percentage of normal (100 = normal, 1 = 1% of normal). */
  readonly depthPct: number
}

/** A seeded price path sampled every `tickMs`. */
export interface MarketPath {
  readonly kind: string
  readonly symbol: string
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
 * The tick in force at `tMs` (the last tick at or before it).
 *
 * @example
 * tickAt(path, 1_250).price
 */
export function tickAt(path: MarketPath, tMs: number): MarketTick {
  const index = Math.min(path.ticks.length - 1, Math.max(0, Math.floor(tMs / path.tickMs)))
  const tick = path.ticks[index]
  if (tick === undefined) throw new Error(`market path "${path.kind}" has no ticks`)
  return tick
}
