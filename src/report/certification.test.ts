import { beforeAll, describe, expect, test } from 'vitest'
import { virtualRun } from '../../test/helpers/virtual-run.js'
import type { ScenarioResult } from '../scenario/scenario-result.js'
import { buildCertification, scenarioReport } from './certification.js'
import type { ScenarioTestRecord } from './report-schema.js'

let quiet: ScenarioResult
let leaky: ScenarioResult
beforeAll(async () => {
  quiet = await virtualRun('quiet')
  leaky = await virtualRun('leaky', { approveAll: true })
})

const record = (over: Partial<ScenarioTestRecord>): ScenarioTestRecord => ({
  testName: 'a test',
  file: 'scenarios/x.stress.ts',
  testState: 'passed',
  durationMs: 12,
  errors: [],
  results: [],
  asserted: [],
  ...over,
})

describe('certification report', () => {
  test('a passing scenario carries the seed metrics, its criteria and its histograms', () => {
    const s = scenarioReport(
      record({
        results: [quiet],
        asserted: [
          {
            ...quiet.criteria[0],
            id: 'decision_p99_ms',
            description: 'decision latency p99 < 15 ms',
            comparison: '<',
            threshold: 15,
            actual: 2,
            unit: 'ms',
            pass: true,
            scenario: 'quiet',
            negated: false,
          },
        ],
      }),
    )
    expect(s.overall_pass).toBe(true)
    expect(s.state).toBe('passed')
    expect(s.decision_p99_ms).toBe(2)
    expect(s.decisions_total).toBe(100)
    expect(s.error_rate_pct).toBe(0)
    expect(s.hard_limit_breaches).toBe(0)
    expect(s.final_position_qty).toBe(0)
    expect(s.criteria.decision_p99_ms).toEqual({
      description: 'decision latency p99 < 15 ms',
      comparison: '<',
      threshold: 15,
      actual: 2,
      unit: 'ms',
      pass: true,
      source: 'matcher',
      clock: 'real',
    })
    expect(s.histograms?.decision).toBe(quiet.histograms.decision)
  })

  test('a negated assertion that held counts as a pass', () => {
    const criterion = {
      id: 'decision_p99_ms',
      description: 'd',
      comparison: '<' as const,
      threshold: 1,
      actual: 2,
      unit: 'ms' as const,
      pass: false,
    }
    const s = scenarioReport(
      record({ results: [quiet], asserted: [{ ...criterion, scenario: 'quiet', negated: true }] }),
    )
    expect(s.criteria.decision_p99_ms?.pass).toBe(true)
  })

  test('verdicts: failed test, failed run, inconclusive run, no result at all', () => {
    expect(
      scenarioReport(record({ results: [leaky], testState: 'failed', errors: ['boom'] })),
    ).toMatchObject({
      overall_pass: false,
      state: 'failed',
      failure_messages: ['boom'],
    })
    const inconclusive: ScenarioResult = { ...quiet, state: 'inconclusive', reason: 'lagging' }
    expect(scenarioReport(record({ results: [inconclusive] }))).toMatchObject({
      overall_pass: false,
      state: 'inconclusive',
      inconclusive_reason: 'lagging',
    })
    expect(scenarioReport(record({ testState: 'failed', errors: ['spec error'] }))).toEqual({
      overall_pass: false,
      state: 'error',
      test_state: 'failed',
      file: 'scenarios/x.stress.ts',
      duration_ms: 12,
      criteria: {},
      failure_messages: ['spec error'],
    })
  })

  test('the summary in the seed shape, keyed by scenario name', () => {
    const report = buildCertification(
      [
        record({ results: [quiet] }),
        record({ results: [leaky], testState: 'failed' }),
        record({ results: [{ ...quiet, state: 'inconclusive', reason: 'r' }] }),
        record({ testName: 'broken spec', testState: 'failed' }),
        record({ results: [quiet] }),
      ],
      new Date('2026-11-25T12:00:00Z'),
    )
    expect(report.certified).toBe(false)
    expect(report.certification_timestamp).toBe('2026-11-25T12:00:00.000Z')
    expect(report.summary).toEqual({
      total_scenarios: 5,
      passed_scenarios: 2,
      failed_scenarios: 2,
      inconclusive_scenarios: 1,
      pass_rate_pct: 40,
    })
    expect(Object.keys(report.scenarios)).toEqual([
      'quiet',
      'leaky',
      'quiet#2',
      'broken spec',
      'quiet#3',
    ])
  })

  test('certified only when every scenario passed, and never with none', () => {
    expect(buildCertification([record({ results: [quiet] })], new Date()).certified).toBe(true)
    expect(buildCertification([], new Date()).certified).toBe(false)
  })
})
