import { describe, expect, test } from 'vitest'
import { VirtualClock } from '../common/clock.js'
import type { RiskEngine } from '../contract/risk-engine.js'
import { constantRate } from '../load/constant-rate.js'
import { flashCrash } from '../market/flash-crash.js'
import { runScenario } from './run-scenario.js'
import type { ScenarioSpec } from './scenario-spec.js'

const spec = (engine: RiskEngine, extra: Partial<ScenarioSpec> = {}): ScenarioSpec => ({
  name: 'built_in',
  seed: 3,
  engine,
  market: flashCrash({ overMs: 200 }),
  load: constantRate({ perSecond: 100, durationMs: 1_000 }),
  clock: new VirtualClock(),
  services: false,
  ...extra,
})

describe('the criteria every scenario carries', () => {
  test('breaches fail a run that declares no criterion at all', async () => {
    const approveAll: RiskEngine = {
      decide: () => ({ verdict: 'approve' }),
      limits: { maxPositionUsd: 1_000 },
    }
    const result = await runScenario(spec(approveAll))
    expect(result.state).toBe('failed')
    if (result.state !== 'failed') return
    expect(result.failures.map((f) => f.id)).toEqual(['hard_limit_breaches'])
  })

  test('an engine that throws on every decision fails on the error rate (the seed 0.1 %)', async () => {
    const throwing: RiskEngine = {
      decide: () => {
        throw new Error('down')
      },
    }
    const result = await runScenario(spec(throwing))
    expect(result.state).toBe('failed')
    if (result.state !== 'failed') return
    expect(result.failures).toEqual([
      {
        id: 'max_error_rate_pct',
        description: 'error rate <= 0.1% (engine errors: throws, invalid verdicts, no answer)',
        comparison: '<=',
        threshold: 0.1,
        actual: 100,
        unit: 'pct',
        pass: false,
        clock: 'real',
      },
    ])
  })

  test('one error in 1,000 is the threshold itself: it passes; unanswered decisions fail on their own', async () => {
    let n = 0
    const rare: RiskEngine = {
      decide: () => {
        if (n++ === 500) throw new Error('once')
        return { verdict: 'reject', reason: 'x' }
      },
    }
    const ok = await runScenario(
      spec(rare, { load: constantRate({ perSecond: 1_000, durationMs: 1_000 }) }),
    )
    expect(ok.criteria.find((c) => c.id === 'max_error_rate_pct')).toMatchObject({
      actual: 0.1,
      pass: true,
    })
    n = 0
    const silent: RiskEngine = {
      decide: () => (n++ === 3 ? new Promise(() => undefined) : { verdict: 'reject', reason: 'x' }),
    }
    const hung = await runScenario(spec(silent, { drainTimeoutMs: 20 }))
    expect(hung.decisions.unanswered).toBe(1)
    expect(hung.state).toBe('failed')
    if (hung.state !== 'failed') return
    expect(hung.failures.map((f) => f.id)).toEqual(['max_error_rate_pct', 'unanswered_decisions'])
  })

  test('a built-in turned off is not judged, and the result says so', async () => {
    const approveAll: RiskEngine = {
      decide: () => ({ verdict: 'approve' }),
      limits: { maxPositionUsd: 1_000 },
    }
    const result = await runScenario(spec(approveAll, { criteria: { zeroBreaches: false } }))
    expect(result.state).toBe('passed')
    expect(result.criteriaOff).toEqual(['hard_limit_breaches'])
    expect(result.breaches.count, 'still measured, only not judged').toBeGreaterThan(0)
  })
})
