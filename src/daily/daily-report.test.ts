import { describe, expect, test } from 'vitest'
import type { CertificationReport, ScenarioReport } from '../report/report-schema.js'
import { outcomeExitCode, outcomeLine } from './certification-run.js'
import { dailyReportMarkdown } from './daily-report.js'
import type { EnsuredProcess } from './ensure-process.js'

const scenario = (state: ScenarioReport['state'], p99: number): ScenarioReport => ({
  overall_pass: state === 'passed',
  state,
  test_state: state === 'passed' ? 'passed' : 'failed',
  file: 'scenarios/x.stress.ts',
  duration_ms: 1000,
  decision_p99_ms: p99,
  hard_limit_breaches: state === 'passed' ? 0 : 3,
  max_drawdown_pct: 4.5,
  error_count: 0,
  decisions_total: 1000,
  criteria: {},
  failure_messages: [],
})

const report = (at: string, scenarios: Record<string, ScenarioReport>): CertificationReport => {
  const passed = Object.values(scenarios).filter((s) => s.overall_pass).length
  const total = Object.keys(scenarios).length
  return {
    schema_version: 1,
    certified: passed === total,
    certification_timestamp: at,
    summary: {
      total_scenarios: total,
      passed_scenarios: passed,
      failed_scenarios: total - passed,
      inconclusive_scenarios: 0,
      pass_rate_pct: (passed / total) * 100,
    },
    scenarios,
  }
}

const redis: EnsuredProcess = {
  action: 'restarted',
  note: 'redis (pid 10) from the state file is not running any more',
  record: {
    name: 'redis',
    pid: 4242,
    marker: 'redis-server',
    command: [],
    port: 41000,
    url: 'redis://127.0.0.1:41000',
    log: '/p/.stressgate/daily/logs/redis.log',
    startedAt: '2025-01-31T07:00:00.000Z',
    ready: true,
    detail: 'redis-server 7.0.15',
  },
}

describe('daily report', () => {
  test('verdict, services with PIDs and logs, scenarios compared with the previous day, links', () => {
    const today = report('2025-01-31T07:01:00.000Z', {
      flash_crash: scenario('passed', 7.5),
      decision_flood: scenario('failed', 22.25),
      new_one: scenario('passed', 1),
    })
    const before = report('2025-01-30T07:01:00.000Z', {
      flash_crash: scenario('passed', 8),
      decision_flood: scenario('passed', 12),
      retired: scenario('passed', 1),
    })
    const outcome = {
      state: 'done',
      exitCode: 1,
      services: 'external: redis://…',
      report: today,
    } as const
    expect(outcomeExitCode(outcome)).toBe(1)
    const md = dailyReportMarkdown({
      day: '20250131',
      writtenAt: new Date('2025-01-31T07:02:00.000Z'),
      root: '/p',
      reportDir: '/p/reports',
      stateFile: '/p/.stressgate/daily/state.json',
      servicesMode: 'local',
      processes: [redis],
      certification: outcome,
      files: ['certification_report.json', 'dashboard.html'],
      previous: { day: '20250130', report: before },
    })
    const lines = md.split('\n')
    expect(lines[0]).toBe('# stressgate daily report 20250131')
    expect(md).toContain(
      '**Verdict: NOT CERTIFIED 2/3 scenarios passed (services: external: redis://…)**',
    )
    expect(lines).toContain(
      '| redis | restarted | redis://127.0.0.1:41000 | 4242 | 41000 | redis-server 7.0.15 | ../.stressgate/daily/logs/redis.log |',
    )
    expect(lines).toContain('- redis (pid 10) from the state file is not running any more')
    expect(lines).toContain(
      '| scenario | state | decision p99 | breaches | drawdown | errors | p99 vs 20250130 |',
    )
    expect(lines).toContain(
      '| flash_crash | passed | 7.5 ms | 0 | 4.5% | 0/1000 | -0.50 ms (was passed) |',
    )
    expect(lines).toContain(
      '| decision_flood | failed | 22.25 ms | 3 | 4.5% | 0/1000 | +10.25 ms (was passed) |',
    )
    expect(lines).toContain('| new_one | passed | 1 ms | 0 | 4.5% | 0/1000 | new |')
    expect(lines).toContain('- 20250130: CERTIFIED 3/3 (2025-01-30T07:01:00.000Z)')
    expect(lines).toContain('- today: NOT CERTIFIED 2/3 (2025-01-31T07:01:00.000Z)')
    expect(lines).toContain('- no longer run: retired')
    expect(lines).toContain('- [dashboard.html](dashboard.html)')
    expect(md).toContain('State file: `../.stressgate/daily/state.json`')
  })

  test('without a certification: says why, no table, no comparison', () => {
    const outcome = { state: 'skipped', why: '--no-certify' } as const
    expect(outcomeExitCode(outcome)).toBe(0)
    const md = dailyReportMarkdown({
      day: '20250131',
      writtenAt: new Date('2025-01-31T07:02:00.000Z'),
      root: '/p',
      reportDir: '/p/reports',
      stateFile: '/p/.stressgate/daily/state.json',
      servicesMode: 'embedded',
      processes: [],
      certification: outcome,
      files: [],
    })
    expect(md).toContain('**Verdict: not run (--no-certify)**')
    expect(md).toContain('Mode `embedded`: no Redis, PostgreSQL or Pushgateway was started')
    expect(md).toContain('No scenario table: certification not run (--no-certify).')
    expect(md).not.toContain('## Compared with')
    expect(md).toContain('No report files in the report folder yet.')
    const none = { state: 'no-report', exitCode: 2, services: 'embedded' } as const
    expect(outcomeExitCode(none)).toBe(2)
    expect(outcomeLine(none)).toBe(
      'NO REPORT: the run exited with code 2 and wrote no report of its own (see its output)',
    )
  })
})
