import { StressgateError } from '../common/stressgate-error.js'
import type { MarketTick } from '../contract/trading.js'

/**
 * The tick file formats stressgate reads and writes.
 *
 * NDJSON, one tick per line:
 *   {"t":0,"symbol":"ES","price":1128,"depth":100}
 *   {"t":10,"symbol":"ES","price":1127.75,"depth":98.5,"halted":true}
 * CSV, with this header line:
 *   t,symbol,price,depth,halted
 *   0,ES,1128,100,false
 *
 * t: milliseconds from the start, non-decreasing; symbol: non-empty; price: > 0;
 * depth: displayed depth in percent of normal, 0 < depth <= 100; halted: optional boolean.
 * Blank lines are ignored.
 */
export type TickFileFormat = 'ndjson' | 'csv'

export const CSV_HEADER = 't,symbol,price,depth,halted'

/** A tick file line that breaks the format. The message has the file, line, field and fix. */
export class TickFormatError extends StressgateError {
  readonly code = 'STRESSGATE_TICK_FORMAT'
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(
      `${file}:${line}: ${problem}. See the tick format in src/market/tick-format.ts (NDJSON {"t","symbol","price","depth","halted"?} or CSV "${CSV_HEADER}").`,
    )
  }
}

/**
 * Writes ticks as NDJSON or CSV (the same text every time for the same ticks).
 *
 * @example
 * formatTicks(path.ticks, 'ndjson')
 */
export function formatTicks(ticks: readonly MarketTick[], format: TickFileFormat): string {
  const round = (x: number): number => Math.round(x * 1e6) / 1e6
  if (format === 'csv') {
    const rows = ticks.map(
      (t) => `${t.tMs},${t.symbol},${round(t.price)},${round(t.depthPct)},${t.halted === true}`,
    )
    return `${[CSV_HEADER, ...rows].join('\n')}\n`
  }
  return `${ticks
    .map((t) =>
      JSON.stringify({
        t: t.tMs,
        symbol: t.symbol,
        price: round(t.price),
        depth: round(t.depthPct),
        ...(t.halted ? { halted: true } : {}),
      }),
    )
    .join('\n')}\n`
}
