import type { Rng } from '../common/random.js'
import { checkNumber } from './broker-error.js'

/**
 * Splits `total` shares into `parts` executions of at least one share each that sum to exactly
 * `total` (integers, so the sum is exact). The cut points are `parts - 1` distinct positions in
 * 1..total-1 drawn uniformly with Floyd's algorithm: always exactly `parts - 1` draws.
 *
 * @example
 * splitQuantity(100, 3, seededRng(42)) // e.g. [17, 58, 25]
 */
export function splitQuantity(total: number, parts: number, rng: Rng): number[] {
  const example = 'splitQuantity(100, 3, rng)'
  checkNumber(
    'splitQuantity',
    'total',
    total,
    Number.isSafeInteger(total) && total >= 1,
    'a whole number of shares >= 1',
    example,
  )
  checkNumber(
    'splitQuantity',
    'parts',
    parts,
    Number.isInteger(parts) && parts >= 1 && parts <= total,
    `an integer 1..total (${total})`,
    example,
  )
  const cuts = new Set<number>()
  const n = total - 1
  for (let j = n - (parts - 1) + 1; j <= n; j++) {
    const t = rng.int(1, j)
    cuts.add(cuts.has(t) ? j : t)
  }
  const sorted = [...cuts].sort((a, b) => a - b)
  const out: number[] = []
  let previous = 0
  for (const cut of sorted) {
    out.push(cut - previous)
    previous = cut
  }
  out.push(total - previous)
  return out
}
