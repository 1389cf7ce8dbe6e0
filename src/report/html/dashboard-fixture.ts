import { VirtualClock } from '../../common/clock.js'
import { constantRate } from '../../load/constant-rate.js'
import { flashCrash } from '../../market/flash-crash.js'
import { runScenario } from '../../scenario/run-scenario.js'
import type { ScenarioResult } from '../../scenario/scenario-result.js'
import { baselineSection } from '../baseline-section.js'
import { buildCertification } from '../certification.js'
import { compareReports } from '../compare.js'
import type { CertificationReport, RunHistoryEntry, ScenarioTestRecord } from '../report-schema.js'
import { historyEntry } from '../run-history-file.js'
import type { DashboardInput } from './render-dashboard.js'

/**
 * A test name that would run script if it reached the page unescaped. Run names must be
 * snake_case, so it reaches the report as the name of a test that failed before running.
 */
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>'

/** A fault name that would close the JSON data block if it went in raw. */
export const HOSTILE_FAULT = 'slow</script><img src=x onerror=alert(4)>'

/** When the governor is slow, in ms from the start of the run. */
export const SLOW_PHASE = { name: HOSTILE_FAULT, start: 1_500, end: 2_500 } as const

/** The scenario that fails its latency and breach criteria. */
export const FAULTY_NAME = 'slow_governor'

/** A failure message that would close the data block and run script if it went in raw. */
export const HOSTILE_MESSAGE = '</script><script>alert(2)</script> & <b>hard</b>'

/** The calm scenario's name: passes every criterion. */
export const CALM_NAME = 'calm_market'

/**
 * A deterministic 4 s run on a virtual clock: 50 decisions/s against a crashing market. Faulty:
 * the engine approves everything (it breaches) and from 1.5 s to 2.5 s every decision stalls
 * 20 ms, so `decisionP99Ms: 15` fails; calm: it rejects everything and passes.
 * `runScenario` refuses fault timelines on a virtual clock, so the stall is driven by the clock
 * and its phase is recorded as a fault timeline would record it. For dashboard tests only.
 */
export async function fixtureRun(name: string, faulty: boolean): Promise<ScenarioResult> {
  const clock = new VirtualClock()
  const result = await runScenario({
    name,
    seed: 7,
    clock,
    services: false,
    engine: {
      decide: () => {
        const t = clock.now()
        if (!faulty) return { verdict: 'reject', reason: 'calm' }
        if (t >= SLOW_PHASE.start && t < SLOW_PHASE.end) clock.advance(20)
        return { verdict: 'approve' }
      },
      limits: { maxPositionUsd: 50_000 },
    },
    market: flashCrash({ dropPct: 12, overMs: 1_000, volatilityPct: 0 }),
    load: constantRate({ perSecond: 50, durationMs: 4_000 }),
    criteria: { decisionP99Ms: 15, zeroBreaches: true, scheduleLagP99Ms: 50 },
  })
  return faulty ? { ...result, faults: [SLOW_PHASE] } : result
}

const record = (result: ScenarioResult, testState: 'passed' | 'failed'): ScenarioTestRecord => ({
  testName: result.name,
  file: 'scenarios/dashboard.stress.ts',
  testState,
  durationMs: result.wallMs,
  errors:
    result.state === 'failed' ? [`AssertionError: ${result.name} failed ${HOSTILE_MESSAGE}`] : [],
  results: [result],
  asserted: [],
})

/**
 * The real model end to end: a faulty run, a calm one and a test that failed before running
 * under a hostile name, certified with `buildCertification`, so dashboard tests break when the
 * report model changes; compared with a baseline in which the faulty scenario was fast (a
 * regression), with a history of an older run and this one.
 */
export async function dashboardFixture(): Promise<DashboardInput> {
  const faulty = await fixtureRun(FAULTY_NAME, true)
  const calm = await fixtureRun(CALM_NAME, false)
  const crashed: ScenarioTestRecord = {
    testName: HOSTILE_NAME,
    file: 'scenarios/dashboard.stress.ts',
    testState: 'failed',
    durationMs: 3,
    errors: [`Error: engine crashed ${HOSTILE_MESSAGE}`],
    results: [],
    asserted: [],
  }
  const report = buildCertification(
    [record(faulty, 'failed'), record(calm, 'passed'), crashed],
    new Date('2026-01-02T03:04:05.000Z'),
  )
  // The baseline had the faulty scenario as fast as the calm one: a regression.
  const baselineReport = {
    ...report,
    scenarios: { ...report.scenarios, [FAULTY_NAME]: report.scenarios[CALM_NAME] },
  } as CertificationReport
  const baseline = baselineSection(
    compareReports(baselineReport, report),
    'baseline/<main>.json',
    '2026-01-01T03:04:05.000Z',
  )
  const history: RunHistoryEntry[] = [
    {
      run_id: 'older',
      timestamp: '2026-01-01T03:04:05.000Z',
      certified: true,
      scenarios: {
        [FAULTY_NAME]: { state: 'passed', decision_p99_ms: 1.5 },
        [CALM_NAME]: { state: 'passed', decision_p99_ms: 0.5 },
      },
    },
    historyEntry(report),
  ]
  return {
    report: { ...report, baseline },
    runs: { [FAULTY_NAME]: faulty, [CALM_NAME]: calm },
    history,
  }
}
