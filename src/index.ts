/*
 * `stressgate`: what a scenario author needs, grouped by the folder it comes from: the venue
 * (broker/), time and errors (common/), the engine contract (contract/), engines (engines/,
 * governor/), faults, load shapes, markets, and running a scenario (scenario/). Reports,
 * comparison and rendering are in `stressgate/report`; provisioning, live state and history in
 * `stressgate/services`; the Vitest face in `stressgate/plugin`. Every name is listed here
 * explicitly (pinned by a test).
 */

export type { FeeSchedule } from './broker/fees.js'
export {
  constantLatency,
  type LatencySpec,
  lognormalLatency,
  uniformLatency,
} from './broker/latency.js'
export { type Clock, systemClock, VirtualClock } from './common/clock.js'
export { StressgateError } from './common/stressgate-error.js'
export {
  CAPABILITIES,
  type Capability,
  type Controllable,
  type EngineActions,
  type EngineStatistics,
  type Flattens,
  type HasStatistics,
  hasCapability,
  isControllable,
  type ReceivesFills,
  type ReceivesLinkChanges,
  type ReceivesTicks,
  type ReportsPositions,
  type ReportsState,
  type RiskEngine,
  type TakesActions,
} from './contract/risk-engine.js'
export type {
  Decision,
  DecisionRequest,
  EngineOrder,
  Fill,
  HardLimits,
  LinkChange,
  MarketTick,
  Position,
  Side,
  StateChange,
} from './contract/trading.js'
export {
  type EngineFactory,
  type EngineLimits,
  EngineModuleError,
  type EngineModuleOptions,
} from './engines/engine-module.js'
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
export { eventLoopStall } from './faults/event-loop-stall.js'
export type { Fault, FaultContext } from './faults/fault.js'
export { type StartedFaultProxy, startFaultProxy } from './faults/fault-proxy.js'
export type { FaultTimelineEntry } from './faults/fault-timeline.js'
export { memoryPressure } from './faults/memory-pressure.js'
export { proxyDown } from './faults/proxy-down.js'
export type { Toxic } from './faults/toxic.js'
export { toxicFault } from './faults/toxic-fault.js'
export {
  type ReferenceGovernor,
  type ReferenceGovernorOptions,
  referenceGovernor,
} from './governor/reference-governor.js'
export { burstArrivals } from './load/burst-arrivals.js'
export { constantRate } from './load/constant-rate.js'
export { offsetSchedule } from './load/offset-schedule.js'
export { poissonArrivals } from './load/poisson-arrivals.js'
export { type RampingStage, rampingArrivals } from './load/ramping-arrivals.js'
export type { ArrivalSchedule } from './load/schedule.js'
export { flashCrash } from './market/flash-crash.js'
export { flashCrash2010 } from './market/flash-crash-2010.js'
export { gbm, mertonJumpDiffusion } from './market/jump-diffusion.js'
export type { MarketSpec } from './market/market-path.js'
export { loadTicks } from './market/tick-loader.js'
export { tickReplay } from './market/tick-replay.js'
export type { LatencyMetric } from './metrics/latency-recorder.js'
export type { CriterionResult, ScenarioCriteria } from './scenario/criterion.js'
export type { PipelineReport } from './scenario/decision-pipeline.js'
export { type EngineUnderTest, engineUnderTest } from './scenario/engine-under-test.js'
export {
  type ExploredResult,
  type ExploreOptions,
  exploreScenario,
} from './scenario/explore-scenario.js'
export type { LinkReport } from './scenario/link-monitor.js'
export { runScenario } from './scenario/run-scenario.js'
export { ScenarioOverlapError } from './scenario/scenario-overlap-error.js'
export type {
  DecisionCounts,
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
} from './scenario/scenario-spec.js'
export type { VenueReport } from './scenario/venue-report.js'
export type { VenueSpec } from './scenario/venue-session.js'
export type { LatencyWindow } from './scenario/window-criteria.js'
