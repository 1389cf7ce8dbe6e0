import type { LatencyMetric } from '../src/metrics/latency-recorder.js'
import type { LatencyWindow } from '../src/scenario/window-criteria.js'

/** The stressgate matchers, available on `expect(result)` in the stress project. */
export interface StressMatchers<R = unknown> {
  /**
   * Latency p99 is below `ms` milliseconds. `metric` defaults to `decision` (coordinated-omission
   * corrected); `service` is the raw time in the engine, `scheduleLag` the generator's own lag.
   * @example expect(result).toHaveP99Below(15)
   */
  toHaveP99Below(ms: number, metric?: LatencyMetric): R
  /**
   * Decision latency p99 is below `ms` inside a fault phase or in every sliding window.
   * @example expect(result).toHaveP99Below(50, { during: 'fault:broker_disconnect' })
   * @example expect(result).toHaveP99Below(15, { everyWindowMs: 5_000 })
   */
  toHaveP99Below(ms: number, window: LatencyWindow): R
  /**
   * Latency at `percentile` (0-100) is below `ms` milliseconds.
   * @example expect(result).toHavePercentileBelow(90, 5)
   */
  toHavePercentileBelow(percentile: number, ms: number, metric?: LatencyMetric): R
  /** The window form of {@link toHavePercentileBelow}, on decision latency. */
  toHavePercentileBelow(percentile: number, ms: number, window: LatencyWindow): R
  /**
   * No fill left a position beyond the hard limits.
   * @example expect(result).toHaveZeroBreaches()
   */
  toHaveZeroBreaches(): R
  /**
   * Peak-to-trough equity drawdown stayed below `pct` percent.
   * @example expect(result).toHaveMaxDrawdownBelow(15)
   */
  toHaveMaxDrawdownBelow(pct: number): R
  /**
   * Every position is zero at the end of the run.
   * @example expect(result).toEndFlat()
   */
  toEndFlat(): R
  /**
   * The load generator's own lag p99 stayed below `ms` milliseconds.
   * @example expect(result).toHaveScheduleLagBelow(2)
   */
  toHaveScheduleLagBelow(ms: number): R
  /**
   * Errors (throws, invalid verdicts, no answer) per dispatched decision stayed below `pct` percent.
   * @example expect(result).toHaveErrorRateBelow(0.1)
   */
  toHaveErrorRateBelow(pct: number): R
  /**
   * V8 heap grew by less than `bytes` over the run.
   * @example expect(result).toHaveMemoryGrowthBelow(50 * 1024 * 1024)
   */
  toHaveMemoryGrowthBelow(bytes: number): R
  /**
   * Answered decisions per second stayed above `perSecond`.
   * @example expect(result).toHaveThroughputAbove(950)
   */
  toHaveThroughputAbove(perSecond: number): R
  /**
   * No risk-increasing order was sent after a pause or halt was acknowledged; a failure names
   * the leaked orders. Needs a venue run.
   * @example expect(result).toHaveNoOrderLeaks()
   */
  toHaveNoOrderLeaks(): R
  /**
   * From the broker link found down to trading again after it came back took less than `ms`.
   * @example expect(result).toRecoverWithin(25_000)
   */
  toRecoverWithin(ms: number): R
  /**
   * Engine, Redis and fills agree (positions, cash, no lost/duplicate/unexpected fill) and PnL
   * recomputed exactly from the fills is within `toleranceUsd` (default $1). Needs a venue run.
   * @example expect(result).toBeReconciled({ toleranceUsd: 1 })
   */
  toBeReconciled(options?: { toleranceUsd?: number }): R
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must repeat Vitest's own declaration to merge with it.
  interface Matchers<T = any> extends StressMatchers<T> {}
}
