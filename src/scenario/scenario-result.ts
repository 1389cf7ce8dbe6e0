import type { Capability } from '../contract/risk-engine.js'
import type { FaultPhase } from '../faults/fault-timeline.js'
import type { RedisControlReport } from '../governor/redis-control.js'
import type { EnvironmentFingerprint } from '../metrics/environment.js'
import type { HistogramBackend } from '../metrics/hdr.js'
import type { EncodedHistograms, LatencySummaries } from '../metrics/latency-recorder.js'
import type { TimelineWindow } from '../metrics/timeline.js'
import type { Breach, PortfolioSummary } from '../portfolio/ledger.js'
import type { ServiceBackend, ServiceName } from '../services/service-types.js'
import type { CriterionResult } from './criterion.js'
import type { PipelineReport } from './decision-pipeline.js'
import type { LinkReport } from './link-monitor.js'
import type { VenueReport } from './venue-report.js'

/** Counts of what happened to every scheduled decision. */
export interface DecisionCounts {
  readonly scheduled: number
  readonly dispatched: number
  /** Not dispatched: `maxInFlight` decisions were already waiting for the engine. */
  readonly dropped: number
  readonly approved: number
  readonly trimmed: number
  readonly rejected: number
  /** Threw, returned an invalid verdict, or did not answer before the drain timeout. */
  readonly errors: number
  /** Of the errors: never answered (still pending at the drain timeout). */
  readonly unanswered: number
  /** Approved or trimmed but not executed: the market had moved past the limit, or the venue was halted. */
  readonly unfilled: number
  /** Orders the engine sent by itself (e.g. flatten after a halt). */
  readonly engineOrders: number
}

/**
 * Errors per dispatched decision, in percent (0 when nothing was dispatched): what the error-rate
 * criteria and the report's `error_rate_pct` read.
 *
 * @example
 * errorRatePct({ errors: 1, dispatched: 1_000 }) // 0.1
 */
export function errorRatePct(decisions: Pick<DecisionCounts, 'errors' | 'dispatched'>): number {
  return decisions.dispatched === 0 ? 0 : (decisions.errors / decisions.dispatched) * 100
}

/** What the market did during the run. */
export interface MarketSummary {
  readonly kind: string
  readonly symbol: string
  readonly startPrice: number
  readonly minPrice: number
  readonly endPrice: number
  /** Largest fall from the running high, in percent. */
  readonly maxDropPct: number
  readonly minDepthPct: number
}

/** Which backend served each service, and what the run did with them. */
export interface ScenarioServicesReport {
  readonly runId: string
  readonly backends: Readonly<
    Record<ServiceName, { readonly backend: ServiceBackend; readonly detail: string }>
  >
  /** Positions mirrored to Redis equal the harness' ledger after the run. */
  readonly redisPositionsMatch: boolean
  /** The result and its samples were stored in PostgreSQL. */
  readonly historyStored: boolean
  /** The final positions Postgres stored equal those in Redis. */
  readonly redisPostgresInSync: boolean
  /** Problems that did not stop the run (e.g. a database that went away): the data is in the report. */
  readonly warnings: readonly string[]
}

/** Which engine a run tested, for the report. */
export interface EngineDescription {
  /** `reference governor`, the engine module's path, or `given in the spec` (an engine object). */
  readonly name: string
  readonly source: 'reference' | 'module' | 'spec'
  readonly capabilities: readonly Capability[]
}

/**
 * A stretch of the run in which the engine must send no risk-increasing order, taken from what
 * the harness did and observed: a pause or emergency-stop flag it raised (until it cleared it;
 * a stop latches), a broker-link outage its heartbeat found (until the link was back), or the
 * daily loss limit reached on its own books (latches for the day). The engine's own account of
 * its state plays no part.
 */
export interface ControlWindow {
  readonly kind: 'pause' | 'halt' | 'link_down' | 'loss_limit'
  /** When the harness raised the flag or found the link down, ms from the run start. */
  readonly startMs: number
  /** When it cleared the flag or found the link back; absent: until the end of the run. */
  readonly endMs?: number
  /**
   * From `startMs` to the last risk-increasing order the engine still sent inside the
   * acknowledgement grace: how long the engine took to act (0: at once).
   */
  readonly effectMs: number
  /**
   * Orders the engine sent by itself (a flatten, a kill switch) from the start of the window to
   * the end of its grace after it closed (for a stop: to the end of the run).
   */
  readonly engineOrders: number
}

/** A service that stopped answering during the run. */
export interface ServiceLoss {
  readonly service: 'redis' | 'postgres'
  /** When it was found gone, in ms from the start of the run. */
  readonly atMs: number
  readonly reason: string
}

/** What an exploration tried, and the smallest failing case it found. */
export interface Exploration {
  readonly runs: number
  /** The exploration's seed: the same seed tries the same cases and shrinks to the same one. */
  readonly seed: number
  readonly counterexample?: {
    /** The shrunk case, in words. */
    readonly input: string
    /** Shrinking steps from the first failing case. */
    readonly shrinks: number
    /** The case's scenario seed. */
    readonly caseSeed: number
  }
}

/** One way the engine reached for real time during a simulated run. */
export interface WallClockRead {
  /** What it called, e.g. `Date.now()` or `setTimeout()`. */
  readonly what: string
  /** The engine call it happened in (or under, for async work it started), e.g. `decide`. */
  readonly during: string
  readonly calls: number
}

/** Everything a run measured, whatever its verdict. Plain JSON: it travels to the reporter. */
export interface ScenarioRunData {
  readonly name: string
  readonly seed: number
  /** The engine the run tested: the reference governor, an engine module (its path), or the spec's. */
  readonly engine?: EngineDescription
  /** ISO-8601 start time. */
  readonly startedAt: string
  /** Wall time of the load and wind-down, in ms (real, whichever clock ran the scenario). */
  readonly wallMs: number
  /**
   * The clock that ran and judged the scenario: `simulated` (one discrete-event scheduler, exact
   * and repeatable; latency is not measured) or `real` (the process' clock).
   */
  readonly time: 'simulated' | 'real'
  /** The warm-up at the start whose decisions were not timed, in ms (absent: none). */
  readonly warmupMs?: number
  /** How long the run lasted on its own clock, in ms: simulated ms in simulated time. */
  readonly durationMs: number
  /**
   * Hex SHA-256 of the run's canonical decision and order log. In simulated time, the same seed
   * and engine give the same digest in any process on any machine.
   */
  readonly digest: string
  /** The whole canonical log, when it is short (a shrunk counterexample): one event per line. */
  readonly eventLog?: readonly string[]
  /**
   * The command that replays this run exactly (file, test, seed, clock), when it ran in a test
   * of the stress project.
   */
  readonly replay?: string
  /** The exploration (`exploreScenario`) whose shrunk case, or last case, this run is. */
  readonly exploration?: Exploration
  /** Simulated time: each way the engine reached for real time (empty: none). */
  readonly wallClockReads?: readonly WallClockRead[]
  readonly load: { readonly kind: string; readonly description: string }
  readonly decisions: DecisionCounts
  /** Orders the engine sent by itself, counted by reason (e.g. `broker link down`, `end of run`). */
  readonly engineOrderReasons: Readonly<Record<string, number>>
  /** The first engine errors, verbatim, to say why `decisions.errors` is not zero. */
  readonly errorSamples: readonly string[]
  /** Decision (corrected), service (raw) and schedule-lag percentiles, in ms. */
  readonly latency: LatencySummaries
  /** The same three distributions as HdrHistogram compressed base64, in microseconds. */
  readonly histograms: EncodedHistograms
  readonly histogramBackend: HistogramBackend
  readonly portfolio: PortfolioSummary
  readonly breaches: { readonly count: number; readonly first: readonly Breach[] }
  readonly market: MarketSummary
  /** The venue's order log checked against the portfolio invariants, when the spec had a venue. */
  readonly venue?: VenueReport
  /** The broker link: outages found and the time trading took to recover. */
  readonly link?: LinkReport
  /**
   * The pauses, stops and link outages the harness raised or found, each with how long the
   * engine took to stop sending risk-increasing orders (within the acknowledgement grace).
   */
  readonly controlWindows?: readonly ControlWindow[]
  /** What the Redis control loop did (pause latencies, flags raised). */
  readonly control?: RedisControlReport
  /** What went through the Redis decision queue, when the spec asked for the pipeline. */
  readonly pipeline?: PipelineReport
  /** When each fault was active, in ms from the start of the run. */
  readonly faults: readonly FaultPhase[]
  /** One entry per second: decisions, latency percentiles, price and book. */
  readonly timeline: readonly TimelineWindow[]
  /** What the services did for this run; absent when it ran without services. */
  readonly services?: ScenarioServicesReport
  /**
   * Services lost during the run, and those the scenario depends on (Redis for a pipeline, the
   * Redis control loop or a Redis fault): losing one of those fails the built-in
   * `services_lost`; losing another is a warning. Absent without services.
   */
  readonly servicesHealth?: {
    readonly dependsOn: readonly ServiceLoss['service'][]
    readonly lost: readonly ServiceLoss[]
  }
  /** Built-in criteria the spec turned off (`false`), so the report says they were not judged. */
  readonly criteriaOff?: readonly string[]
  /** Criteria declared in the spec, evaluated. Matchers add their own in the report. */
  readonly criteria: readonly CriterionResult[]
  readonly environment: EnvironmentFingerprint
}

/** Every declared criterion held and the generator kept up. */
export interface ScenarioPassed extends ScenarioRunData {
  readonly state: 'passed'
}

/** At least one criterion failed. */
export interface ScenarioFailed extends ScenarioRunData {
  readonly state: 'failed'
  readonly failures: readonly CriterionResult[]
  /**
   * The generator fell behind too: the timing criteria that did not fail on what the engine
   * caused alone could not be judged, and this says why.
   */
  readonly timingInconclusive?: string
}

/** The timing cannot be trusted (the generator fell behind) and nothing else failed: never green. */
export interface ScenarioInconclusive extends ScenarioRunData {
  readonly state: 'inconclusive'
  readonly reason: string
}

/** The outcome of {@link runScenario}, discriminated on `state`. */
export type ScenarioResult = ScenarioPassed | ScenarioFailed | ScenarioInconclusive
