import { describe, expect, test } from 'vitest'
import type { RiskEngine } from '../contract/risk-engine.js'
import { constantRate } from '../load/constant-rate.js'
import { flashCrash } from '../market/flash-crash.js'
import { type ScenarioSpec, ScenarioSpecError, validateSpec } from './scenario-spec.js'

const engine: RiskEngine = { decide: () => ({ verdict: 'approve' }) }
const good: ScenarioSpec = {
  name: 'flash_crash',
  seed: 42,
  engine,
  market: flashCrash(),
  load: constantRate({ perSecond: 10, durationMs: 5_000 }),
}

describe('validateSpec', () => {
  test('accepts a well-formed spec', () => {
    expect(() => validateSpec(good)).not.toThrow()
  })

  test('names every bad field, its value and the fix', () => {
    const bad = {
      ...good,
      name: 'Flash Crash',
      seed: 1.5,
      engine: {} as RiskEngine,
      criteria: { decisionP99Ms: -1 },
    }
    let error: unknown
    try {
      validateSpec(bad)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ScenarioSpecError)
    const message = (error as Error).message
    expect(message).toContain('Invalid scenario "Flash Crash":')
    expect(message).toContain(
      'name: must be snake_case (lowercase letters, digits, _), e.g. "flash_crash" (got "Flash Crash")',
    )
    expect(message).toContain('seed: must be an integer, e.g. 42 (got 1.5)')
    expect(message).toContain('engine: must implement RiskEngine: an object with decide(request)')
    expect(message).toContain('criteria.decisionP99Ms:')
    expect(message).toContain('(got -1)')
  })

  test('an unknown criterion is refused rather than silently ignored', () => {
    const spec = { ...good, criteria: { decisionP99: 15 } } as unknown as ScenarioSpec
    expect(() => validateSpec(spec)).toThrow(/criteria: Unrecognized key: "decisionP99"/)
  })

  test('a fault that is not a timeline entry is named', () => {
    const spec = { ...good, faults: [{ kind: 'broker_disconnect' }] } as unknown as ScenarioSpec
    expect(() => validateSpec(spec)).toThrow(/faults\.0: must be a fault timeline entry/)
  })
})
