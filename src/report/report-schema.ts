import type { EnvironmentFingerprint } from '../metrics/environment.js'
import type { KsResult } from '../metrics/ks-test.js'
import type { CriterionResult } from '../scenario/criterion.js'
import type {
  ControlWindow,
  Exploration,
  ScenarioResult,
  WallClockRead,
} from '../scenario/scenario-result.js'

/*
 * The shapes that travel in and between reports: the certification report, its baseline block,
 * the comparison of two reports, calibrated noise floors and the run history. Types only, so
 * every module of src/report can depend on it without depending on one another.
 */

/** A criterion asserted by a matcher inside a test. */
export interface AssertedCriterion extends CriterionResult {
  readonly scenario: string
  /** Asserted with `.not`: the assertion held when the criterion did not. */
  readonly negated: boolean
}

/** What the reporter knows about one scenario test. */
export interface ScenarioTestRecord {
  /** The test's name, used when no run result names the scenario. */
  readonly testName: string
  readonly file: string
  readonly testState: 'passed' | 'failed' | 'skipped' | 'pending'
  readonly durationMs: number
  readonly errors: readonly string[]
  readonly results: readonly ScenarioResult[]
  readonly asserted: readonly AssertedCriterion[]
  /** Why matchers refused to judge (untrusted timing); a test failed only for these is inconclusive. */
  readonly undecided?: readonly string[]
}

/** One criterion as the report carries it. */
export interface ReportedCriterion {
  readonly description: string
  readonly comparison: CriterionResult['comparison']
  readonly threshold: number
  readonly actual: number
  readonly unit: CriterionResult['unit']
  readonly pass: boolean
  readonly source: 'spec' | 'matcher'
  /** The clock of the run that judged it: exact simulated time, or real time. */
  readonly clock?: 'simulated' | 'real'
}

/** The verdict of one scenario in the certification report. */
export type ScenarioVerdict = 'passed' | 'failed' | 'inconclusive' | 'error'

/** One scenario in the certification report: the seed's flat metrics plus detail. */
export interface ScenarioReport {
  readonly overall_pass: boolean
  readonly state: ScenarioVerdict
  readonly test_state: ScenarioTestRecord['testState']
  readonly file: string
  readonly duration_ms: number
  readonly seed?: number
  /** The clock that ran and judged the scenario. */
  readonly time?: 'simulated' | 'real'
  /** The warm-up at the start whose decisions were not timed, in ms. */
  readonly warmup_ms?: number
  /** Simulated time: how much trading the run simulated, in ms. */
  readonly simulated_ms?: number
  /** Hex SHA-256 of the run's decision and order log: the same for a replay in simulated time. */
  readonly digest?: string
  /** The one command that replays this run exactly (file, test, seed, clock). */
  readonly replay?: string
  /** A scenario that did not pass with a short log (a shrunk counterexample): its events. */
  readonly event_log?: readonly string[]
  /** An exploration: the cases it tried, and the smallest failing one it shrank to. */
  readonly exploration?: Exploration
  /** Simulated time: each way the engine reached for real time. */
  readonly wall_clock_reads?: readonly WallClockRead[]
  readonly load?: string
  readonly decisions_total?: number
  /** Scheduled but not dispatched: `maxInFlight` decisions were waiting for the engine. */
  readonly decisions_dropped?: number
  readonly error_count?: number
  readonly error_rate_pct?: number
  readonly decision_p50_ms?: number
  readonly decision_p99_ms?: number
  readonly decision_max_ms?: number
  readonly service_p99_ms?: number
  readonly schedule_lag_p99_ms?: number
  /** Decision to queue-consumer latency p99 (absent when the run had no Redis pipeline). */
  readonly pipeline_p99_ms?: number
  readonly max_drawdown_pct?: number
  readonly hard_limit_breaches?: number
  readonly final_position_qty?: number
  readonly pnl_usd?: number
  /** Venue runs: filled over sent quantity, broken invariants, PnL delta to the exact books. */
  readonly execution_rate_pct?: number
  readonly invariant_violations?: number
  readonly pnl_delta_usd?: number
  /** Broker outage: from the link found down to trading again, in ms. */
  readonly recovery_ms?: number
  /** Where the control flags lived: Redis, or in process on the simulated clock. */
  readonly control_channel?: 'redis' | 'in-process'
  /** Redis control: slowest flag-to-action latency, in ms. */
  readonly control_latency_max_ms?: number
  /** Redis decision queue: entries left past the consumer at the end. */
  readonly redis_backlog?: number
  readonly criteria: Readonly<Record<string, ReportedCriterion>>
  readonly failure_messages: readonly string[]
  readonly inconclusive_reason?: string
  /** The harness' own part of the pipeline latency (verdict to read), p99 in ms. */
  readonly pipeline_queue_p99_ms?: number
  /** The longest any pause, stop or outage took to take effect (the last risk-increasing order), ms. */
  readonly control_effect_max_ms?: number
  /** The pauses, stops and outages the harness raised or found, with their measured effect. */
  readonly control_windows?: readonly ControlWindow[]
  /** The engine this scenario tested. */
  readonly engine?: string
  /** Built-in criteria the scenario turned off (not judged), by id. */
  readonly criteria_off?: readonly string[]
  /** Which hdr-histogram-js build recorded: WebAssembly, or the JavaScript fallback. */
  readonly histogram_backend?: 'wasm' | 'js'
  /** HdrHistogram compressed base64, values in microseconds. */
  readonly histograms?: {
    readonly decision: string
    readonly service: string
    readonly schedule_lag: string
    readonly pipeline: string
    /** The part of decision latency the engine caused (absent in reports before it existed). */
    readonly engine?: string
  }
  readonly environment?: EnvironmentFingerprint
  /** The backend of each service and what the run did with them (absent without services). */
  readonly services?: {
    readonly redis: string
    readonly postgres: string
    readonly pushgateway: string
    readonly redis_positions_match: boolean
    readonly history_stored: boolean
    readonly redis_postgres_in_sync: boolean
    readonly warnings: readonly string[]
  }
}

/** The services of a whole run, as the report names them. */
export interface RunServicesReport {
  readonly mode: string
  readonly run_id: string
  readonly redis: { readonly backend: string; readonly detail: string; readonly start_ms: number }
  readonly postgres: {
    readonly backend: string
    readonly detail: string
    readonly start_ms: number
  }
  readonly pushgateway: {
    readonly backend: string
    readonly detail: string
    readonly start_ms: number
  }
  /** From the start of the Vitest process to the start of the first scenario, in ms. */
  readonly time_to_first_scenario_ms?: number
}

/** The certification report, in the seed's shape. */
export interface CertificationReport {
  readonly schema_version: 1
  readonly certified: boolean
  readonly certification_timestamp: string
  readonly summary: {
    readonly total_scenarios: number
    readonly passed_scenarios: number
    readonly failed_scenarios: number
    readonly inconclusive_scenarios: number
    readonly pass_rate_pct: number
  }
  readonly scenarios: Readonly<Record<string, ScenarioReport>>
  /**
   * Set when the run was not the whole suite (a `-t` or file filter, a shard, skipped
   * scenarios): `certified` is then false whatever passed, and the report is written in
   * `reports/partial/`, beside the full run's.
   */
  readonly partial?: { readonly filter: string }
  /** The engine(s) the scenarios tested: the reference governor, or an engine module's path. */
  readonly engine?: string
  /** Which backend served each service, when the plugin provisioned them. */
  readonly services?: RunServicesReport
  /** The comparison with a baseline report, when the plugin was given one (`baseline`). */
  readonly baseline?: BaselineReport
}

/** One scenario compared with the baseline, as the certification report carries it. */
export interface BaselineScenario {
  readonly baseline_p99_ms: number
  readonly current_p99_ms: number
  readonly p99_delta_ms: number
  /** null when the baseline p99 is 0 and the current one is not (an infinite change). */
  readonly p99_delta_pct: number | null
  readonly ks_d: number
  readonly ks_p_value: number
  /** The floor this scenario was judged with, in percent of the baseline p99. */
  readonly noise_floor_pct: number
  /** Runs the floor was calibrated on; absent when the fixed floor applied. */
  readonly calibration_runs?: number
  readonly verdict: CompareVerdict
}

/** The comparison of a run with its baseline report, inside the certification report. */
export interface BaselineReport {
  /** The baseline file as the plugin was given it. */
  readonly file: string
  readonly baseline_timestamp: string
  readonly alpha: number
  /** The fixed floor; a scenario's own floor may be higher when calibrated on repeated runs. */
  readonly noise_floor_pct: number
  readonly regressed: boolean
  /** The run was told to exit 1 on a regression (`failOnRegression`). */
  readonly fail_on_regression?: boolean
  readonly scenarios: Readonly<Record<string, BaselineScenario>>
  readonly only_in_baseline: readonly string[]
  readonly only_in_current: readonly string[]
  readonly not_compared: readonly { readonly scenario: string; readonly reason: string }[]
}

/** Options of {@link compareReports}. */
export interface CompareOptions {
  /** Smallest p99 change, in percent of the baseline p99, that counts. @default 10 */
  noiseFloorPct?: number
  /** Significance level of the KS test. @default 0.01 */
  alpha?: number
  /**
   * Noise floors measured on repeated runs (`calibrateNoiseFloors` on the run history), per
   * scenario: a scenario's floor is the larger of this and `noiseFloorPct`.
   */
  calibratedFloors?: Readonly<Record<string, CalibratedFloor>>
}

/** Outcome of one scenario: worse, better, or neither beyond noise. */
export type CompareVerdict = 'regression' | 'improvement' | 'no_change'

/** One scenario present in both reports. */
export interface ScenarioComparison {
  readonly scenario: string
  readonly baseline: { readonly count: number; readonly p50Ms: number; readonly p99Ms: number }
  readonly current: { readonly count: number; readonly p50Ms: number; readonly p99Ms: number }
  readonly p50DeltaMs: number
  /** (current - baseline) / baseline * 100; +/-Infinity when the baseline is 0, 0 when both are. */
  readonly p50DeltaPct: number
  readonly p99DeltaMs: number
  readonly p99DeltaPct: number
  readonly ks: KsResult
  /** The floor this scenario was judged with, in percent of the baseline p99. */
  readonly noiseFloorPct: number
  /** Runs the floor was calibrated on; absent when the fixed floor was the larger. */
  readonly calibrationRuns?: number
  readonly verdict: CompareVerdict
}

/** A scenario in both reports that cannot be compared (no histogram in one of them). */
export interface IncomparableScenario {
  readonly scenario: string
  readonly reason: string
}

/** The comparison of two certification reports. */
export interface ReportComparison {
  readonly noiseFloorPct: number
  readonly alpha: number
  readonly scenarios: readonly ScenarioComparison[]
  readonly incomparable: readonly IncomparableScenario[]
  readonly onlyInBaseline: readonly string[]
  readonly onlyInCurrent: readonly string[]
  /** True when at least one scenario regressed. */
  readonly regressed: boolean
}

/** A noise floor measured on repeated runs of one scenario. */
export interface CalibratedFloor {
  /** The relative p99 spread of the runs (extremes trimmed from 5 runs), in percent of the lower end. */
  readonly pct: number
  /** How many runs it was measured on. */
  readonly runs: number
}

/** One scenario of a run, as the history keeps it: the figures the trend draws. */
export interface HistoryScenario {
  readonly state: ScenarioVerdict
  readonly decision_p50_ms?: number
  readonly decision_p99_ms?: number
  readonly decisions_total?: number
  readonly decisions_dropped?: number
}

/** One run in `reports/history.json`. */
export interface RunHistoryEntry {
  /** The run id of the services, or the certification timestamp when the run had none. */
  readonly run_id: string
  readonly timestamp: string
  readonly certified: boolean
  readonly scenarios: Readonly<Record<string, HistoryScenario>>
}
