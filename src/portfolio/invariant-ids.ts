/** Every portfolio invariant the checker can find broken, by the id reports carry. */
export const INVARIANTS = [
  /** The engine's positions differ from the sum of signed fills. */
  'engine_positions',
  /** Positions mirrored to Redis differ from the fills. */
  'redis_positions',
  /** Positions stored in PostgreSQL differ from the fills. */
  'postgres_positions',
  /** Redis and PostgreSQL disagree with each other. */
  'redis_vs_postgres',
  /** Cash differs from start - sum(side x qty x px) - fees. */
  'cash',
  /** The reported PnL is more than $1 from the PnL recomputed from the fills. */
  'pnl',
  /** A fill the venue sent is missing from the books. */
  'lost_fill',
  /** A fill was booked twice. */
  'duplicate_fill',
  /** A fill for an order that was never sent. */
  'unexpected_fill',
  /** More filled than the order's quantity. */
  'overfill',
  /** An order sent while its exposure (counting working orders) was beyond the hard limit. */
  'limit',
  /** A risk-increasing order sent while paused or halted. */
  'order_leak',
  /** An order whose events are not a valid life (e.g. a fill after a cancel). */
  'order_state',
  /** A position left at the end. */
  'not_flat',
  /** An order still working at the end. */
  'open_orders_at_end',
  /** The engine's statistics break received = sent + denied. */
  'throttle_conservation',
] as const

export type InvariantId = (typeof INVARIANTS)[number]

/**
 * The invariants that say the books of the engine, Redis, PostgreSQL and the venue agree: what
 * `toBeReconciled` and the `reconciledWithinUsd` criterion count (PnL by its own tolerance).
 */
export const RECONCILIATION_INVARIANTS = [
  'engine_positions',
  'redis_positions',
  'postgres_positions',
  'redis_vs_postgres',
  'cash',
  'pnl',
  'lost_fill',
  'duplicate_fill',
  'unexpected_fill',
  'overfill',
] as const satisfies readonly InvariantId[]

/** Whether `invariant` is one of the {@link RECONCILIATION_INVARIANTS}. */
export function isReconciliation(invariant: InvariantId): boolean {
  return (RECONCILIATION_INVARIANTS as readonly InvariantId[]).includes(invariant)
}
