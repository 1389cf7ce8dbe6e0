import { MarketSpecError } from './market-error.js'
import type { MarketSpec } from './market-path.js'
import { buildProfilePath } from './profile-path.js'

/** Options of {@link flashCrash}. Percentages are of the pre-crash level. */
export interface FlashCrashOptions {
  /** Fall of the mid price from its pre-crash level, in percent. @default 15 */
  dropPct?: number
  /** How long the fall takes, in ms. @default 2000 */
  overMs?: number
  /** Displayed depth at the bottom, in percent of normal. @default 1 */
  depthFloorPct?: number
  /** When the fall starts, in ms from the start of the run. @default 30% of the run */
  atMs?: number
  /** A venue halt right after the fall (no trading, price frozen), in ms. @default 0 */
  haltMs?: number
  /** How long price and depth stay at the bottom, in ms. @default overMs */
  holdMs?: number
  /** Share of the fall recovered afterwards, in percent. @default 50 */
  reboundPct?: number
  /** How long the rebound takes, in ms. @default 2 * overMs */
  reboundMs?: number
  /** @default 100 */
  startPrice?: number
  /** Background volatility of log price, in percent per square-root second. @default 0.2 */
  volatilityPct?: number
  /** Sampling interval of the path, in ms. @default 10 */
  tickMs?: number
  /** @default 'ES' */
  symbol?: string
}

/** The flash-crash model with every default filled in. */
export interface FlashCrashSpec extends MarketSpec {
  readonly kind: 'flash_crash'
  readonly options: Readonly<Required<Omit<FlashCrashOptions, 'atMs'>>> & { atMs?: number }
}

const check = (name: string, value: number, ok: boolean, allowed: string): void => {
  if (!Number.isFinite(value) || !ok) {
    throw new MarketSpecError(
      `flashCrash: ${name} = ${String(value)} is out of range; allowed: ${allowed}. Example: flashCrash({ dropPct: 15, overMs: 2_000, depthFloorPct: 1 }).`,
    )
  }
}

/**
 * A flash crash: the mid price falls `dropPct` linearly over `overMs` while displayed depth
 * evaporates to `depthFloorPct` of normal, optionally halts the venue for `haltMs`, holds at the
 * bottom for `holdMs`, then recovers
 * `reboundPct` of the fall over `reboundMs` as depth returns. Background noise is a seeded
 * geometric random walk: price(t) = startPrice * profile(t) * exp(W(t)), W steps ~ N(0, sigma^2 dt).
 *
 * @example
 * const market = flashCrash({ dropPct: 15, overMs: 2_000, depthFloorPct: 1 })
 * const path = market.build(42, 10_000)
 */
export function flashCrash(options: FlashCrashOptions = {}): FlashCrashSpec {
  const o = {
    dropPct: options.dropPct ?? 15,
    overMs: options.overMs ?? 2_000,
    depthFloorPct: options.depthFloorPct ?? 1,
    haltMs: options.haltMs ?? 0,
    holdMs: options.holdMs ?? options.overMs ?? 2_000,
    reboundPct: options.reboundPct ?? 50,
    reboundMs: options.reboundMs ?? 2 * (options.overMs ?? 2_000),
    startPrice: options.startPrice ?? 100,
    volatilityPct: options.volatilityPct ?? 0.2,
    tickMs: options.tickMs ?? 10,
    symbol: options.symbol ?? 'ES',
  }
  check('dropPct', o.dropPct, o.dropPct > 0 && o.dropPct < 100, '0 < dropPct < 100')
  check('overMs', o.overMs, o.overMs > 0, 'overMs > 0')
  check(
    'depthFloorPct',
    o.depthFloorPct,
    o.depthFloorPct > 0 && o.depthFloorPct <= 100,
    '0 < depthFloorPct <= 100',
  )
  check('haltMs', o.haltMs, o.haltMs >= 0, 'haltMs >= 0')
  check('holdMs', o.holdMs, o.holdMs >= 0, 'holdMs >= 0')
  check(
    'reboundPct',
    o.reboundPct,
    o.reboundPct >= 0 && o.reboundPct <= 100,
    '0 <= reboundPct <= 100',
  )
  check('reboundMs', o.reboundMs, o.reboundMs > 0, 'reboundMs > 0')
  check('startPrice', o.startPrice, o.startPrice > 0, 'startPrice > 0')
  check('volatilityPct', o.volatilityPct, o.volatilityPct >= 0, 'volatilityPct >= 0')
  check('tickMs', o.tickMs, o.tickMs > 0, 'tickMs > 0')

  return {
    kind: 'flash_crash',
    options: options.atMs === undefined ? o : { ...o, atMs: options.atMs },
    build(seed, durationMs) {
      const atMs = options.atMs ?? Math.round(durationMs * 0.3)
      if (atMs < 0 || atMs + o.overMs > durationMs) {
        throw new MarketSpecError(
          `flashCrash: the fall (atMs ${atMs} + overMs ${o.overMs}) does not fit in a ${durationMs} ms run. Lengthen the load's durationMs or lower atMs/overMs so that atMs + overMs <= durationMs.`,
        )
      }
      const bottom = 1 - o.dropPct / 100
      return buildProfilePath(
        {
          kind: 'flash_crash',
          symbol: o.symbol,
          startPrice: o.startPrice,
          tickMs: o.tickMs,
          volatilityPct: o.volatilityPct,
          segments: [
            { durationMs: atMs, toLevel: 1, toDepthPct: 100 },
            { durationMs: o.overMs, toLevel: bottom, toDepthPct: o.depthFloorPct },
            { durationMs: o.haltMs, toLevel: bottom, toDepthPct: o.depthFloorPct, halted: true },
            { durationMs: o.holdMs, toLevel: bottom, toDepthPct: o.depthFloorPct },
            {
              durationMs: o.reboundMs,
              toLevel: 1 - (o.dropPct / 100) * (1 - o.reboundPct / 100),
              toDepthPct: 100,
            },
          ],
        },
        seed,
        durationMs,
      )
    },
  }
}
