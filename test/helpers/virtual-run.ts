import { VirtualClock } from '../../src/common/clock.js'
import { constantRate } from '../../src/load/constant-rate.js'
import { flashCrash } from '../../src/market/flash-crash.js'
import { runScenario } from '../../src/scenario/run-scenario.js'
import type { ScenarioResult } from '../../src/scenario/scenario-result.js'

/**
 * A deterministic run on a virtual clock: 100 decisions at 100/s, every 10th stalls 2 ms,
 * so decision p99 is exactly 2 ms and p90 exactly 0. `approveAll` makes the engine approve
 * everything against a 1000 USD limit (it breaches and ends with a position).
 */
export function virtualRun(
  name: string,
  options: { approveAll?: boolean; seed?: number } = {},
): Promise<ScenarioResult> {
  const clock = new VirtualClock()
  let n = 0
  return runScenario({
    name,
    seed: options.seed ?? 9,
    clock,
    engine: {
      decide: () => {
        if (n++ % 10 === 0) clock.advance(2)
        return options.approveAll ? { verdict: 'approve' } : { verdict: 'reject', reason: 'x' }
      },
      limits: { maxPositionUsd: 1_000 },
    },
    market: flashCrash({ overMs: 200, volatilityPct: 0 }),
    load: constantRate({ perSecond: 100, durationMs: 1_000 }),
  })
}
