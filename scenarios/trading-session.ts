import { burstArrivals, constantLatency, engineUnderTest, gbm, type ScenarioSpec } from 'stressgate'

/** A 6.5 h trading day. */
export const SESSION_MS = 6.5 * 60 * 60 * 1_000
/** A 10x burst of `BURST_MS` opens every half hour. */
export const BURST_EVERY_MS = 30 * 60 * 1_000
export const BURST_MS = 30_000
/** The governor's throttle: approvals per window. */
export const THROTTLE = { max: 10, windowMs: 1_000 }

/**
 * The trading_session spec, written once for its scenario and for `bench:simulated`: a steady
 * 2 decisions/s with the bursts, on a market that drifts down all day, in simulated time.
 *
 * @example
 * const result = await runScenario(tradingSession())
 */
export function tradingSession(): ScenarioSpec {
  return {
    name: 'trading_session',
    seed: 67,
    time: 'simulated',
    engine: engineUnderTest({
      maxPositionUsd: 100_000,
      maxDrawdownPct: 15,
      maxDailyLossUsd: 4_000,
      throttle: THROTTLE,
    }),
    market: gbm({ sigma: 0.2, mu: -6, tickMs: 1_000 }), // marked once a second
    strategy: { minQuantity: 1, maxQuantity: 10 },
    load: burstArrivals({
      perSecond: 2,
      burstMultiplier: 10,
      burstMs: BURST_MS,
      burstEveryMs: BURST_EVERY_MS,
      durationMs: SESSION_MS,
      seed: 67,
    }),
    venue: { entryLatency: constantLatency(2), fillLatency: constantLatency(3) },
  }
}
