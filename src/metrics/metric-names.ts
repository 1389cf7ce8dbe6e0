/** The seed platform's metric names: dashboards and alert rules depend on them. */
export const METRIC = {
  decisionLatency: 'risk_governor_decision_latency_seconds',
  pipelineLatency: 'pipeline_latency_seconds',
  decisions: 'risk_governor_decisions_total',
  decisionErrors: 'risk_governor_decision_errors_total',
  hardLimitBreaches: 'risk_governor_hard_limit_breaches_total',
  positionDelta: 'risk_governor_position_delta_usd',
  latencyPercentile: 'stressgate_latency_percentile_seconds',
  scheduleLag: 'stressgate_schedule_lag_p99_seconds',
  recovery: 'stressgate_recovery_seconds',
  memory: 'stressgate_heap_used_bytes',
} as const

/**
 * Histogram bucket edges in seconds, with edges exactly at the thresholds that matter
 * (10, 15 and 20 ms), so `histogram_quantile` and `le` filters line up with the pass criteria.
 */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [
  0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.0125, 0.015, 0.0175, 0.02, 0.025, 0.05, 0.1, 0.25,
  0.5, 1, 2.5,
]
