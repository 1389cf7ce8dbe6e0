export { BrokerSpecError, BrokerStateError } from './broker/broker-error.js'
export {
  type AckEvent,
  type BrokerEvent,
  type BrokerListener,
  type CancelledEvent,
  type CancelReason,
  type CancelRejectedEvent,
  type DisconnectedEvent,
  type FillEvent,
  type ReconnectedEvent,
  type RejectEvent,
  type RejectReason,
  toFill,
  type VenueEvent,
} from './broker/broker-events.js'
export type { LinkState } from './broker/broker-link.js'
export type {
  MarketPriceFn,
  PartialFillOptions,
  SimulatedBrokerOptions,
} from './broker/broker-options.js'
export {
  RealTimeScheduler,
  type RealTimeSchedulerOptions,
  type ScheduledEvent,
  type Scheduler,
  VirtualScheduler,
} from './broker/event-scheduler.js'
export { executionFee, type FeeSchedule } from './broker/fees.js'
export {
  constantLatency,
  type LatencySpec,
  latencySampler,
  lognormalLatency,
  uniformLatency,
} from './broker/latency.js'
export {
  type CancelResult,
  type OrderRequest,
  type PingResult,
  type SimulatedBroker,
  type SubmitResult,
  simulatedBroker,
  type WorkingOrder,
} from './broker/simulated-broker.js'
export { type Clock, type SystemClockOptions, systemClock, VirtualClock } from './common/clock.js'
export { type Rng, seededRng } from './common/random.js'
export type { RiskEngine } from './contract/risk-engine.js'
export type {
  Decision,
  DecisionRequest,
  EngineOrder,
  Fill,
  HardLimits,
  MarketTick,
  Position,
  Side,
  StateChange,
} from './contract/trading.js'
export {
  type HttpEngine,
  HttpEngineError,
  type HttpEngineOptions,
  HttpEngineTimeoutError,
  httpEngine,
} from './engines/http-engine.js'
export { brokerDisconnect, brokerHalfOpen } from './faults/broker-faults.js'
export { clockSkew, SkewedClock } from './faults/clock-skew.js'
export { controlFlag } from './faults/control-flag.js'
export { type EventLoopStallOptions, eventLoopStall } from './faults/event-loop-stall.js'
export type { Fault } from './faults/fault.js'
export { FaultProxyError, FaultSpecError, FaultTimelineError } from './faults/fault-error.js'
export {
  type FaultProxyOptions,
  type StartedFaultProxy,
  startFaultProxy,
} from './faults/fault-proxy.js'
export {
  type FaultPhase,
  type FaultTimelineEntry,
  type FaultTimelineOptions,
  type RunningFaultTimeline,
  runFaultTimeline,
  startFaultTimeline,
} from './faults/fault-timeline.js'
export {
  type MemoryPressureFault,
  type MemoryPressureOptions,
  memoryPressure,
} from './faults/memory-pressure.js'
export type { Upstream } from './faults/proxy-connection.js'
export { proxyDown } from './faults/proxy-down.js'
export type {
  BandwidthToxic,
  LatencyToxic,
  LimitDataToxic,
  ResetPeerToxic,
  ResolvedToxic,
  SlicerToxic,
  SlowCloseToxic,
  TimeoutToxic,
  Toxic,
  ToxicStream,
  ToxicType,
} from './faults/toxic.js'
export { toxicFault } from './faults/toxic-fault.js'
export { TOXIC_TYPES, validateToxic } from './faults/validate-toxic.js'
export type {
  Control,
  ControlVerdict,
  GovernorView,
  OpenOrder,
} from './governor/controls/control.js'
export {
  clearFlag,
  type FlagStatus,
  type RaisedFlag,
  raiseFlag,
  readFlags,
} from './governor/operator-flags.js'
export {
  attachRedisControl,
  flagValue,
  LINK_DOWN_REASON,
  type RedisControl,
  type RedisControlReport,
} from './governor/redis-control.js'
export {
  type GovernorStats,
  type ReferenceGovernor,
  type ReferenceGovernorOptions,
  referenceGovernor,
} from './governor/reference-governor.js'
export { TRADING_STATES, type TradingState } from './governor/trading-state.js'
export { runGuards } from './guards/run-guards.js'
export {
  type BurstArrivalsOptions,
  type BurstArrivalsSchedule,
  burstArrivals,
} from './load/burst-arrivals.js'
export { type ClosedLoopOptions, driveClosedLoop } from './load/closed-loop-driver.js'
export {
  type ConstantRateOptions,
  type ConstantRateSchedule,
  constantRate,
} from './load/constant-rate.js'
export { LoadSpecError } from './load/load-error.js'
export { offsetSchedule } from './load/offset-schedule.js'
export {
  type Dispatch,
  driveOpenLoop,
  type OpenLoopOptions,
  type OpenLoopOutcome,
} from './load/open-loop-driver.js'
export {
  type PoissonArrivalsOptions,
  type PoissonArrivalsSchedule,
  poissonArrivals,
} from './load/poisson-arrivals.js'
export {
  type RampingArrivalsOptions,
  type RampingArrivalsSchedule,
  type RampingStage,
  rampingArrivals,
} from './load/ramping-arrivals.js'
export type { ArrivalSchedule } from './load/schedule.js'
export { type FlashCrashOptions, type FlashCrashSpec, flashCrash } from './market/flash-crash.js'
export {
  FLASH_CRASH_2010_SEGMENTS,
  type FlashCrash2010Options,
  flashCrash2010,
} from './market/flash-crash-2010.js'
export { type AlmgrenChrissParams, almgrenChriss, squareRootImpact } from './market/impact.js'
export {
  gbm,
  type JumpDiffusionOptions,
  type JumpDiffusionSpec,
  mertonJumpDiffusion,
  TRADING_YEAR_MS,
} from './market/jump-diffusion.js'
export { MarketSpecError } from './market/market-error.js'
export { type MarketPath, type MarketSpec, tickAt } from './market/market-path.js'
export {
  type BookLevel,
  type BookModel,
  type BookWalk,
  bookDepth,
  walkBook,
} from './market/order-book.js'
export { poisson } from './market/poisson.js'
export {
  buildProfilePath,
  type ProfilePathOptions,
  type ProfileSegment,
} from './market/profile-path.js'
export { fillPrice, type SlippageModel } from './market/slippage.js'
export {
  CSV_HEADER,
  formatTicks,
  type TickFileFormat,
  TickFormatError,
} from './market/tick-format.js'
export { loadTicks, parseTicks } from './market/tick-loader.js'
export { tickReplay } from './market/tick-replay.js'
export type { EnvironmentFingerprint } from './metrics/environment.js'
export type { HistogramBackend } from './metrics/hdr.js'
export {
  decodeHistogram,
  encodeHistogram,
  HistogramDecodeError,
  mergeEncodedHistograms,
} from './metrics/histogram-codec.js'
export {
  type EncodedHistograms,
  type LatencyMetric,
  LatencyRecorder,
  type LatencySummaries,
} from './metrics/latency-recorder.js'
export type { LatencySummary } from './metrics/latency-summary.js'
export { checkInvariants } from './portfolio/check-invariants.js'
export { booksFromFills, type FillBooks, markedPnl } from './portfolio/fill-books.js'
export { type Breach, Ledger, type PortfolioSummary } from './portfolio/ledger.js'
export type {
  BookedFill,
  InvariantViolation,
  OrderEvent,
  OrderRecord,
  ReportedState,
  TradingLog,
} from './portfolio/trading-log.js'
export type { BaselineReport, BaselineScenario } from './report/baseline-section.js'
export {
  compareReports,
  DEFAULT_ALPHA,
  DEFAULT_NOISE_FLOOR_PCT,
  ksTestEncoded,
  type ReportComparison,
  type ScenarioComparison,
} from './report/compare.js'
export {
  type BaselineOptions,
  type BaselineOutcome,
  compareWithBaseline,
} from './report/compare-with-baseline.js'
export { type PublishResult, publishToGitHubActions } from './report/github-actions.js'
export { type DashboardInput, renderDashboard } from './report/html/render-dashboard.js'
export { junitXml } from './report/junit.js'
export { type MarkdownSummaryOptions, markdownSummary } from './report/markdown-summary.js'
export { type CalibratedFloor, calibrateNoiseFloors } from './report/noise-floor.js'
export {
  appendRunHistory,
  HistoryFileError,
  historyEntry,
  mergeRunHistories,
  type RunHistoryEntry,
  readRunHistory,
} from './report/run-history-file.js'
export type { ServicesContext } from './scenario/ambient-services.js'
export {
  drawdownBelow,
  endsFlat,
  errorRateBelow,
  evaluateCriteria,
  latencyAt,
  memoryGrowthBelow,
  noOrderLeaks,
  percentileBelow,
  reconciled,
  recoveredWithin,
  throughputAbove,
  zeroBacklog,
  zeroBreaches,
} from './scenario/criteria.js'
export type { CriterionResult, ScenarioCriteria } from './scenario/criterion.js'
export type { PipelineReport } from './scenario/decision-pipeline.js'
export type { LinkReport } from './scenario/link-monitor.js'
export { onScenarioResult } from './scenario/result-channel.js'
export { runScenario } from './scenario/run-scenario.js'
export type {
  DecisionCounts,
  MarketSummary,
  ScenarioFailed,
  ScenarioInconclusive,
  ScenarioPassed,
  ScenarioResult,
  ScenarioRunData,
} from './scenario/scenario-result.js'
export {
  type ScenarioSpec,
  ScenarioSpecError,
  type StrategyOptions,
  validateSpec,
} from './scenario/scenario-spec.js'
export type { VenueReport } from './scenario/venue-report.js'
export type { VenueSpec } from './scenario/venue-session.js'
export { type LatencyWindow, percentileBelowIn } from './scenario/window-criteria.js'
export { connectPostgres, connectRedis } from './services/clients.js'
export { ServiceProvisionError, ServiceUnreachableError } from './services/service-error.js'
export {
  redactUrl,
  SERVICES_MODES,
  type ServiceAttempt,
  type ServiceBackend,
  type ServiceConnections,
  type ServiceEndpoint,
  type ServiceName,
  type ServicesMode,
  type StartedServices,
} from './services/service-types.js'
export { SERVICE_ENV, type StartServicesOptions, startServices } from './services/start-services.js'
export { ensureRun, finishRun, type RunRecord, recordScenario } from './store/history.js'
export {
  MIGRATIONS,
  type Migration,
  type MigrationReport,
  migrate,
  SCHEMA,
} from './store/migrations.js'
export {
  GOVERNOR_KEYS,
  type GovernorAlert,
  type GovernorFlag,
  type QueuedDecision,
  RedisState,
} from './store/redis-state.js'
