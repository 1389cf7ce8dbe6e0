import { type CriterionResult, dependsOnTiming } from '../scenario/criterion.js'
import { errorRatePct, type ScenarioResult } from '../scenario/scenario-result.js'
import type {
  CertificationReport,
  ReportedCriterion,
  RunServicesReport,
  ScenarioReport,
  ScenarioTestRecord,
  ScenarioVerdict,
} from './report-schema.js'

const sumAbs = (positions: Readonly<Record<string, number>>): number =>
  Object.values(positions).reduce((s, q) => s + Math.abs(q), 0)

/**
 * A failed criterion that does not depend on timing fails the scenario even when the generator
 * fell behind; inconclusive is left for timing alone.
 */
function scenarioVerdict(
  record: ScenarioTestRecord,
  last: ScenarioResult | undefined,
): ScenarioVerdict {
  if (last === undefined) return 'error'
  if (record.results.some((r) => r.state === 'failed')) return 'failed'
  const assertedHard = record.asserted.some(
    (c) => (c.negated ? c.pass : !c.pass) && !dependsOnTiming(c),
  )
  if (assertedHard) return 'failed'
  if (record.results.some((r) => r.state === 'inconclusive')) return 'inconclusive'
  const undecided = record.undecided ?? []
  // Failed only because matchers could not judge untrusted timing: inconclusive, never green.
  if (
    record.testState === 'failed' &&
    undecided.length > 0 &&
    record.errors.length <= undecided.length
  )
    return 'inconclusive'
  if (record.testState !== 'passed') return 'failed'
  return 'passed'
}

function criteriaOf(record: ScenarioTestRecord): Record<string, ReportedCriterion> {
  const out: Record<string, ReportedCriterion> = {}
  const add = (c: CriterionResult, source: ReportedCriterion['source'], pass: boolean): void => {
    const { id, description, comparison, threshold, actual, unit, clock } = c
    out[id] = {
      description,
      comparison,
      threshold,
      actual,
      unit,
      pass,
      source,
      ...(clock ? { clock } : {}),
    }
  }
  for (const result of record.results) for (const c of result.criteria) add(c, 'spec', c.pass)
  for (const c of record.asserted) {
    add(c, 'matcher', c.negated ? !c.pass : c.pass)
  }
  return out
}

/**
 * Builds one scenario's entry. A test that failed before producing a result is an `error`;
 * a run whose generator fell behind is `inconclusive`; both are never a pass.
 */
export function scenarioReport(record: ScenarioTestRecord): ScenarioReport {
  const last = record.results[record.results.length - 1]
  const state = scenarioVerdict(record, last)
  const base = {
    overall_pass: state === 'passed',
    state,
    test_state: record.testState,
    file: record.file,
    duration_ms: record.durationMs,
    criteria: criteriaOf(record),
    failure_messages: record.errors,
  }
  if (last === undefined) return base
  const errors = last.decisions.errors
  // Simulated time measures no latency: its zeros are not reported as if they were measured.
  const latency =
    last.time === 'simulated'
      ? {}
      : {
          decision_p50_ms: last.latency.decision.p50Ms,
          decision_p99_ms: last.latency.decision.p99Ms,
          decision_max_ms: last.latency.decision.maxMs,
          service_p99_ms: last.latency.service.p99Ms,
          schedule_lag_p99_ms: last.latency.scheduleLag.p99Ms,
          ...(last.latency.pipeline.count > 0
            ? { pipeline_p99_ms: last.latency.pipeline.p99Ms }
            : {}),
        }
  return {
    ...base,
    ...(last.engine ? { engine: last.engine.name } : {}),
    seed: last.seed,
    time: last.time,
    ...(last.time === 'simulated' ? { simulated_ms: last.durationMs } : {}),
    ...(last.warmupMs ? { warmup_ms: last.warmupMs } : {}),
    digest: last.digest,
    ...(last.replay ? { replay: last.replay } : {}),
    ...(last.exploration ? { exploration: last.exploration } : {}),
    ...(last.eventLog && state !== 'passed' ? { event_log: last.eventLog } : {}),
    ...(last.wallClockReads && last.wallClockReads.length > 0
      ? { wall_clock_reads: last.wallClockReads }
      : {}),
    load: last.load.description,
    decisions_total: last.decisions.dispatched,
    decisions_dropped: last.decisions.dropped,
    error_count: errors,
    error_rate_pct: errorRatePct(last.decisions),
    ...latency,
    max_drawdown_pct: last.portfolio.maxDrawdownPct,
    hard_limit_breaches: last.breaches.count,
    final_position_qty: sumAbs(last.portfolio.finalPositions),
    pnl_usd: last.portfolio.pnlUsd,
    ...(last.venue
      ? {
          execution_rate_pct: last.venue.executionRatePct,
          invariant_violations: last.venue.violations.length,
          pnl_delta_usd: last.venue.pnlDeltaUsd,
        }
      : {}),
    ...(last.link?.recoveryMs !== undefined ? { recovery_ms: last.link.recoveryMs } : {}),
    ...(last.control?.channel ? { control_channel: last.control.channel } : {}),
    ...(last.control && last.control.pauseLatenciesMs.length > 0
      ? { control_latency_max_ms: Math.max(...last.control.pauseLatenciesMs) }
      : {}),
    ...(last.pipeline ? { redis_backlog: last.pipeline.backlog } : {}),
    ...(last.pipeline?.queueP99Ms !== undefined
      ? { pipeline_queue_p99_ms: last.pipeline.queueP99Ms }
      : {}),
    ...(last.controlWindows && last.controlWindows.length > 0
      ? {
          control_effect_max_ms: Math.max(...last.controlWindows.map((w) => w.effectMs)),
          control_windows: last.controlWindows,
        }
      : {}),
    ...(last.state === 'inconclusive' ? { inconclusive_reason: last.reason } : {}),
    ...(last.state === 'passed' && state === 'inconclusive' && record.undecided?.[0]
      ? { inconclusive_reason: record.undecided[0] }
      : {}),
    ...(last.state === 'failed' && last.timingInconclusive
      ? { inconclusive_reason: `timing criteria not judged: ${last.timingInconclusive}` }
      : {}),
    ...(last.criteriaOff && last.criteriaOff.length > 0 ? { criteria_off: last.criteriaOff } : {}),
    histogram_backend: last.histogramBackend,
    histograms: {
      decision: last.histograms.decision,
      service: last.histograms.service,
      schedule_lag: last.histograms.scheduleLag,
      pipeline: last.histograms.pipeline,
      engine: last.histograms.engine,
    },
    environment: last.environment,
    ...(last.services
      ? {
          services: {
            redis: last.services.backends.redis.backend,
            postgres: last.services.backends.postgres.backend,
            pushgateway: last.services.backends.pushgateway.backend,
            redis_positions_match: last.services.redisPositionsMatch,
            history_stored: last.services.historyStored,
            redis_postgres_in_sync: last.services.redisPostgresInSync,
            warnings: last.services.warnings,
          },
        }
      : {}),
  }
}

/**
 * Builds the certification report from every scenario test of a run. `certified` is true only
 * when at least one scenario ran, every one passed, and the run was the whole suite (`partial`
 * says what filtered it otherwise).
 *
 * @example
 * const report = buildCertification(records, new Date())
 * report.summary.pass_rate_pct // 100
 */
export function buildCertification(
  records: readonly ScenarioTestRecord[],
  now: Date,
  services?: RunServicesReport,
  partial?: string,
): CertificationReport {
  const scenarios: Record<string, ScenarioReport> = {}
  for (const record of records) {
    const name = record.results[record.results.length - 1]?.name ?? record.testName
    let key = name
    for (let n = 2; key in scenarios; n++) key = `${name}#${n}`
    scenarios[key] = scenarioReport(record)
  }
  const entries = Object.values(scenarios)
  const total = entries.length
  const passed = entries.filter((s) => s.overall_pass).length
  const inconclusive = entries.filter((s) => s.state === 'inconclusive').length
  const engines = [...new Set(entries.flatMap((s) => (s.engine ? [s.engine] : [])))]
  return {
    schema_version: 1,
    certified: total > 0 && passed === total && partial === undefined,
    certification_timestamp: now.toISOString(),
    summary: {
      total_scenarios: total,
      passed_scenarios: passed,
      failed_scenarios: total - passed - inconclusive,
      inconclusive_scenarios: inconclusive,
      pass_rate_pct: total === 0 ? 0 : Math.round((passed / total) * 10_000) / 100,
    },
    scenarios,
    ...(partial !== undefined ? { partial: { filter: partial } } : {}),
    ...(engines.length > 0 ? { engine: engines.join(', ') } : {}),
    ...(services ? { services } : {}),
  }
}
