import type { MarketTick } from '../contract/trading.js'
import { MarketSpecError } from './market-error.js'
import type { MarketPath, MarketSpec } from './market-path.js'

/**
 * Replays recorded ticks as a market: `speed` 10 plays ten recorded seconds per second. The
 * seed is not used (the data is the data); the path stops at the run's length.
 *
 * @example
 * const market = tickReplay(await loadTicks('fixtures/ticks/flash-crash-2010.ndjson'), { speed: 1 })
 */
export function tickReplay(
  ticks: readonly MarketTick[],
  options: { speed?: number } = {},
): MarketSpec & { readonly kind: 'replay' } {
  const speed = options.speed ?? 1
  if (!(speed > 0) || !Number.isFinite(speed)) {
    throw new MarketSpecError(
      `tickReplay: speed = ${speed} is out of range; allowed: a finite number > 0 (1 = as recorded, 10 = ten times faster).`,
    )
  }
  const first = ticks[0]
  if (first === undefined)
    throw new MarketSpecError('tickReplay: no ticks to replay. Load some with loadTicks(file).')
  const startT = first.tMs
  return {
    kind: 'replay',
    build(_seed, durationMs): MarketPath {
      const scaled = ticks
        .map((t) => ({ ...t, tMs: (t.tMs - startT) / speed }))
        .filter((t) => t.tMs <= durationMs)
      const gaps = scaled.slice(1).map((t, i) => t.tMs - (scaled[i]?.tMs ?? 0))
      const tickMs = gaps.length > 0 ? gaps.reduce((a, b) => a + b, 0) / gaps.length : durationMs
      return { kind: 'replay', symbol: first.symbol, tickMs, ticks: scaled }
    },
  }
}
