import { MarketSpecError } from './market-error.js'
import type { MarketSpec } from './market-path.js'
import { buildProfilePath, type ProfileSegment } from './profile-path.js'

/** Options of {@link flashCrash2010}. */
export interface FlashCrash2010Options {
  /** Time compression: 60 plays each real minute in one second. @default 1 (real time) */
  compress?: number
  /** E-mini S&P 500 level before the decline. @default 1128 */
  startPrice?: number
  /** Flat lead-in before the decline, in real-time ms (compressed like the rest). @default 60_000 */
  leadInMs?: number
  /** Background volatility, in percent per square-root second of *compressed* time. @default 0.05 */
  volatilityPct?: number
  /** @default 10 */
  tickMs?: number
  /** @default 'ES' */
  symbol?: string
  /**
   * Whipsaw after the halt, before the recovery: `swings` alternating moves of `amplitudePct`
   * (up first), each lasting `periodMs` of real time.
   */
  whipsaw?: { swings: number; amplitudePct: number; periodMs: number }
}

/**
 * The real-time shape of the E-mini on 6 May 2010 (CFTC-SEC staff report, 30 Sep 2010):
 * about -3% over four minutes, then -1.7% in 15 seconds with buy-side depth below 1% of its
 * morning level, a 5-second CME Stop Logic halt, then recovery of most of the ~5% fall over
 * about 30 minutes. Depth is modelled symmetrically (the report's figure is the buy side).
 */
export const FLASH_CRASH_2010_SEGMENTS: readonly ProfileSegment[] = [
  { durationMs: 4 * 60_000, toLevel: 0.97, toDepthPct: 45 },
  { durationMs: 15_000, toLevel: 0.97 * (1 - 0.017), toDepthPct: 0.8 },
  { durationMs: 5_000, toLevel: 0.97 * (1 - 0.017), toDepthPct: 0.8, halted: true },
  { durationMs: 30 * 60_000, toLevel: 0.995, toDepthPct: 100 },
]

/**
 * The 6 May 2010 E-mini flash crash as a market model, optionally time-compressed:
 * `compress: 60` plays the ~35 minutes in ~35 seconds.
 *
 * @example
 * const market = flashCrash2010({ compress: 60 })
 * const path = market.build(42, 40_000)
 */
export function flashCrash2010(
  options: FlashCrash2010Options = {},
): MarketSpec & { readonly kind: 'flash_crash_2010'; readonly totalMs: number } {
  const compress = options.compress ?? 1
  if (!(compress >= 1) || !Number.isFinite(compress)) {
    throw new MarketSpecError(
      `flashCrash2010: compress = ${compress} is out of range; allowed: a finite number >= 1 (1 = real time, 60 = one minute per second).`,
    )
  }
  const scale = (ms: number): number => ms / compress
  const base = FLASH_CRASH_2010_SEGMENTS.map((s) => ({ ...s, durationMs: scale(s.durationMs) }))
  const bottom = base[2]?.toLevel ?? 0.95
  const w = options.whipsaw
  const swings: ProfileSegment[] = []
  for (let i = 0; w && i < w.swings; i++) {
    const up = i % 2 === 0
    swings.push({
      durationMs: scale(w.periodMs),
      toLevel: bottom * (up ? 1 + w.amplitudePct / 100 : 1),
      toDepthPct: up ? 20 : 5,
    })
  }
  const segments: ProfileSegment[] = [
    { durationMs: scale(options.leadInMs ?? 60_000), toLevel: 1, toDepthPct: 100 },
    ...base.slice(0, 3),
    ...swings,
    ...base.slice(3),
  ]
  const totalMs = segments.reduce((sum, s) => sum + s.durationMs, 0)
  return {
    kind: 'flash_crash_2010',
    totalMs,
    build: (seed, durationMs) =>
      buildProfilePath(
        {
          kind: 'flash_crash_2010',
          symbol: options.symbol ?? 'ES',
          startPrice: options.startPrice ?? 1128,
          tickMs: options.tickMs ?? 10,
          volatilityPct: options.volatilityPct ?? 0.05,
          segments,
        },
        seed,
        durationMs,
      ),
  }
}
