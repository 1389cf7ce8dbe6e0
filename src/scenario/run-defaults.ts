/** The defaults of a scenario spec, each written once: `resolveSpec` applies them, the docs cite them. */
export const RUN_DEFAULTS = {
  /** Cash the harness' ledger starts with, in USD. */
  startingCashUsd: 1_000_000,
  /** Generator lag p99 (ms) above which a run is inconclusive. */
  maxScheduleLagMs: 5,
  /** How long to wait for decisions, pipeline entries and working orders after the last dispatch. */
  drainTimeoutMs: 5_000,
  /**
   * How long an engine may still send risk-increasing orders after a pause or stop flag was
   * raised, or the link was found down, before they count as leaks.
   */
  controlGraceMs: 1_000,
  /** Tries at flattening on a venue, which may reject part of a flatten. */
  venueFlattenAttempts: 3,
} as const

/** Salt of the strategy's random stream, so it is independent of the market's for one seed. */
export const STRATEGY_SEED_SALT = 0x5eed
