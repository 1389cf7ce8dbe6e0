import { seededRng } from '../common/random.js'
import type { MarketTick } from '../contract/trading.js'
import type { MarketPath } from './market-path.js'

/** One leg of a price profile: move linearly to a level and a depth over a duration. */
export interface ProfileSegment {
  readonly durationMs: number
  /** Price level at the end, as a fraction of the start price (0.85 = 15% below). */
  readonly toLevel: number
  /** Displayed depth at the end, in percent of normal. */
  readonly toDepthPct: number
  /** The venue is halted during this segment: no trading, the price is frozen. */
  readonly halted?: boolean
}

/** What a profile path is built from. */
export interface ProfilePathOptions {
  readonly kind: string
  readonly symbol: string
  readonly startPrice: number
  readonly tickMs: number
  /** Background volatility of log price, in percent per square-root second. */
  readonly volatilityPct: number
  readonly segments: readonly ProfileSegment[]
}

const lerp = (from: number, to: number, fraction: number): number =>
  from + (to - from) * Math.min(1, Math.max(0, fraction))

/**
 * A deterministic profile with seeded noise: price(t) = startPrice * level(t) * exp(W(t)), where
 * level and depth move linearly segment by segment (level 1 and depth 100 before the first) and
 * W is a random walk with steps ~ N(0, sigma^2 dt), frozen while the venue is halted.
 *
 * @example
 * buildProfilePath({ kind: 'dip', symbol: 'ES', startPrice: 100, tickMs: 10, volatilityPct: 0,
 *   segments: [{ durationMs: 1_000, toLevel: 0.9, toDepthPct: 10 }] }, 1, 2_000)
 */
export function buildProfilePath(
  options: ProfilePathOptions,
  seed: number,
  durationMs: number,
): MarketPath {
  const rng = seededRng(seed)
  const boundaries: {
    start: number
    end: number
    fromLevel: number
    fromDepth: number
    segment: ProfileSegment
  }[] = []
  let start = 0
  let level = 1
  let depth = 100
  for (const segment of options.segments) {
    boundaries.push({
      start,
      end: start + segment.durationMs,
      fromLevel: level,
      fromDepth: depth,
      segment,
    })
    start += segment.durationMs
    level = segment.toLevel
    depth = segment.toDepthPct
  }
  const at = (t: number): { level: number; depthPct: number; halted: boolean } => {
    for (const b of boundaries) {
      if (t < b.end) {
        const f = b.segment.durationMs === 0 ? 1 : (t - b.start) / b.segment.durationMs
        return {
          level: lerp(b.fromLevel, b.segment.toLevel, f),
          depthPct: lerp(b.fromDepth, b.segment.toDepthPct, f),
          halted: b.segment.halted === true,
        }
      }
    }
    return { level, depthPct: depth, halted: false }
  }
  const stepSd = (options.volatilityPct / 100) * Math.sqrt(options.tickMs / 1000)
  const ticks: MarketTick[] = []
  let walk = 0
  for (let tMs = 0; tMs <= durationMs; tMs += options.tickMs) {
    const p = at(tMs)
    const price = options.startPrice * p.level * Math.exp(walk)
    ticks.push({
      tMs,
      symbol: options.symbol,
      price,
      depthPct: p.depthPct,
      ...(p.halted ? { halted: true } : {}),
    })
    const noise = rng.normal()
    if (!p.halted) walk += stepSd * noise
  }
  return { kind: options.kind, symbol: options.symbol, tickMs: options.tickMs, ticks }
}
