import { runScenario } from 'stressgate'
import { expect, test } from 'vitest'
import { BURST_EVERY_MS, BURST_MS, THROTTLE, tradingSession } from './trading-session.js'

// A whole trading day (6.5 h) in simulated time, in seconds of wall time: a steady 2
// decisions/s with a 10x burst of 30 s every half hour, on a market that drifts down all day.
// The throttle must hold each burst and let trading resume after it; once the harness' own
// books show the daily loss limit, nothing risk-increasing may follow (the halt); and the
// session closes flat.
test('trading_session', async () => {
  const result = await runScenario(tradingSession())
  const halt = result.controlWindows?.find((w) => w.kind === 'loss_limit')
  expect(halt, 'the daily loss limit was reached on the harness books').toBeDefined()
  expect(result).toHaveNoOrderLeaks() // nothing risk-increasing after the limit (and its grace)
  expect(halt?.engineOrders, 'the engine flattened by itself at the limit').toBeGreaterThan(0)
  // The throttle, judged on the verdicts, before the halt: each burst is held to its rate, and
  // the window after it approves again.
  const before = result.timeline.filter((w) => halt && w.startMs + BURST_MS < halt.startMs)
  const width = (result.timeline[1]?.startMs ?? 0) - (result.timeline[0]?.startMs ?? 0)
  const bursts = before.filter((w) => w.startMs % BURST_EVERY_MS < width && w.startMs > 0)
  expect(bursts.length, 'bursts before the halt').toBeGreaterThan(1)
  for (const w of bursts) {
    expect(w.approved, `approved in the burst window at ${w.startMs} ms`).toBeLessThanOrEqual(
      (THROTTLE.max * width) / THROTTLE.windowMs,
    )
    const next = before.find((v) => v.startMs === w.startMs + 2 * width)
    expect(next?.approved, `approved after the burst at ${w.startMs} ms`).toBeGreaterThan(0)
  }
  expect(result).toHaveZeroBreaches()
  expect(result).toBeReconciled({ toleranceUsd: 1 })
  expect(result).toEndFlat() // the session-close flatten
})
