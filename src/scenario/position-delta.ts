import type { Position } from '../contract/trading.js'

/**
 * How far the engine's own positions are from the harness' ledger, in USD at `price`: the
 * seed's "position delta". Zero when the engine does not report positions.
 *
 * @example
 * positionDeltaUsd({ ES: 10 }, [{ symbol: 'ES', quantity: 7 }], 100) // 300
 */
export function positionDeltaUsd(
  ledger: Readonly<Record<string, number>>,
  engine: readonly Position[] | undefined,
  price: number,
): number {
  if (engine === undefined) return 0
  const reported = new Map(engine.map((p) => [p.symbol, p.quantity]))
  const symbols = new Set([...Object.keys(ledger), ...reported.keys()])
  let delta = 0
  for (const s of symbols) delta += Math.abs((ledger[s] ?? 0) - (reported.get(s) ?? 0))
  return delta * price
}
