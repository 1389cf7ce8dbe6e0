import { booksFromFills, markedPnl } from '../fill-books.js'
import type { InvariantId } from '../invariant-ids.js'
import type { InvariantViolation, ReportedState, TradingLog } from '../trading-log.js'

const PNL_TOLERANCE_USD = 1

function comparePositions(
  invariant: InvariantId,
  base: { name: string; positions: ReadonlyMap<string, number> },
  other: { name: string; positions: Readonly<Record<string, number>> | undefined },
): InvariantViolation[] {
  const reported = other.positions
  if (reported === undefined) return []
  const symbols = new Set([...base.positions.keys(), ...Object.keys(reported)])
  const diffs = [...symbols]
    .filter((s) => (base.positions.get(s) ?? 0) !== (reported[s] ?? 0))
    .map(
      (s) => `${s}: ${base.name} ${base.positions.get(s) ?? 0}, ${other.name} ${reported[s] ?? 0}`,
    )
  return diffs.length === 0 ? [] : [{ invariant, message: diffs.join('; ') }]
}

/**
 * Books agree with the fills: positions (engine, Redis, Postgres) equal the sum of signed
 * fills; cash equals start - sum(side * qty * price) - fees (to the cent); the reported PnL is
 * within $1 of the PnL recomputed from fills; Redis and Postgres agree with each other.
 */
export function checkBooks(log: TradingLog, reported: ReportedState): InvariantViolation[] {
  const books = booksFromFills(log.startingCashUsd, log.fills)
  const expected = new Map([...books.positions].map(([s, q]) => [s, q.toNumber()]))
  const fromFills = { name: 'fills', positions: expected }
  const out = [
    ...comparePositions('engine_positions', fromFills, {
      name: 'engine',
      positions: reported.enginePositions,
    }),
    ...comparePositions('redis_positions', fromFills, {
      name: 'redis',
      positions: reported.redisPositions,
    }),
    ...comparePositions('postgres_positions', fromFills, {
      name: 'postgres',
      positions: reported.postgresPositions,
    }),
  ]
  if (reported.redisPositions && reported.postgresPositions) {
    const postgres = {
      name: 'postgres',
      positions: new Map(Object.entries(reported.postgresPositions)),
    }
    out.push(
      ...comparePositions('redis_vs_postgres', postgres, {
        name: 'redis',
        positions: reported.redisPositions,
      }),
    )
  }
  if (reported.cashUsd !== undefined && books.cash.minus(reported.cashUsd).abs().gt(0.005)) {
    out.push({
      invariant: 'cash',
      message: `cash from fills is ${books.cash.toFixed(2)}, reported ${reported.cashUsd.toFixed(2)} (fees ${books.fees.toFixed(2)})`,
    })
  }
  if (reported.pnlUsd !== undefined) {
    const pnl = markedPnl(books, log.startingCashUsd, reported.finalPrices)
    if (pnl.minus(reported.pnlUsd).abs().gt(PNL_TOLERANCE_USD)) {
      out.push({
        invariant: 'pnl',
        message: `PnL from fills is ${pnl.toFixed(2)}, reported ${reported.pnlUsd.toFixed(2)}: off by more than $${PNL_TOLERANCE_USD}`,
      })
    }
  }
  return out
}
