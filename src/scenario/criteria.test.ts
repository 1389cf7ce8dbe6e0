import { describe, expect, test } from 'vitest'
import { virtualRun } from '../../test/helpers/virtual-run.js'
import { drawdownBelow, endsFlat, latencyAt, percentileBelow, zeroBreaches } from './criteria.js'
import { evaluateCriteria } from './criteria-registry.js'

const run = () => virtualRun('criteria')

describe('criteria', () => {
  test('percentiles come from the histogram of the right metric', async () => {
    const r = await run()
    // 100 decisions, 10 of them 2 ms (the stall ends before the next one is due): p90 0, p95 2.
    expect(latencyAt(r, 90, 'decision')).toBe(0)
    expect(latencyAt(r, 95, 'decision')).toBe(2)
    expect(percentileBelow(r, 95, 2)).toEqual({
      id: 'decision_p95_ms',
      description: 'decision latency p95 < 2 ms',
      comparison: '<',
      threshold: 2,
      actual: 2,
      unit: 'ms',
      pass: false,
    })
    expect(percentileBelow(r, 99.9, 3, 'service').id).toBe('service_p99_9_ms')
    expect(percentileBelow(r, 99, 1, 'scheduleLag')).toMatchObject({ actual: 0, pass: true })
  })

  test('portfolio criteria and the order of declared criteria', async () => {
    const r = await run()
    expect(zeroBreaches(r)).toMatchObject({ id: 'hard_limit_breaches', actual: 0, pass: true })
    expect(drawdownBelow(r, 1)).toMatchObject({ actual: 0, pass: true })
    expect(endsFlat(r)).toMatchObject({ actual: 0, pass: true })
    const ids = evaluateCriteria(r, {
      scheduleLagP99Ms: 1,
      endFlat: true,
      decisionP99Ms: 5,
      zeroBreaches: true,
      maxDrawdownPct: 3,
    }).map((c) => c.id)
    expect(ids).toEqual([
      'decision_p99_ms',
      'hard_limit_breaches',
      'max_drawdown_pct',
      'final_position_qty',
      'schedule_lag_p99_ms',
    ])
  })
})
