import type { EngineStatistics } from '../contract/risk-engine.js'
import { leakWindows, measureEffect, openedWindows } from './control-windows.js'
import type { Driven } from './drive.js'
import { withRecovery } from './link-monitor.js'
import { summarizeMarket } from './market-summary.js'
import type { OpenRun } from './open-run.js'
import { positionDeltaUsd } from './position-delta.js'
import type { ScenarioPlan } from './resolve-spec.js'
import type { ScenarioRunData } from './scenario-result.js'
import type { TradingSession } from './trading-session.js'
import { venueReport } from './venue-report.js'
import type { Ended } from './wind-down.js'

/** The canonical log itself, when it is short enough to print. */
function eventLogOf(trading: TradingSession): { eventLog?: readonly string[] } {
  const eventLog = trading.log.eventLog()
  return eventLog ? { eventLog } : {}
}

/** received = sent + denied, from an engine that keeps decision statistics. */
function throttleAccounting(stats: EngineStatistics | undefined): {
  throttle?: { received: number; sent: number; denied: number }
} {
  if (!stats) return {}
  const denied = Object.values(stats.denied).reduce((a, b) => a + b, 0)
  return { throttle: { received: stats.received, sent: stats.approved + stats.trimmed, denied } }
}

/**
 * Gathers what the run measured into one plain-JSON record: counts, latencies and histograms,
 * the harness' books, the venue's order log checked against the portfolio invariants, the link,
 * control, pipeline and fault reports, the timeline and the environment. Also finishes the
 * telemetry (final gauges and push); returns its warnings beside the data.
 *
 * @example
 * const { data, warnings } = await collectRunData(plan, run, trading, driven, ended)
 */
export async function collectRunData(
  plan: ScenarioPlan,
  run: OpenRun,
  trading: TradingSession,
  driven: Driven,
  ended: Ended,
): Promise<{ data: Omit<ScenarioRunData, 'criteria'>; warnings: string[] }> {
  const { ledger, engine, tally } = trading
  const recorder = run.telemetry.recorder
  // Pauses, stops and outages as the harness raised and found them, never the engine's account.
  const opened = openedWindows(ended.faultPhases, ended.link, trading.lossLimitAtMs)
  const orders = ended.venueLog?.orders ?? []
  const controlWindows = measureEffect(opened, orders, plan.controlGraceMs)
  const link = ended.link ? withRecovery(ended.link, orders) : undefined
  // Asked once: a remote engine answers over the wire.
  const enginePositions = await engine.positions()
  const venue = ended.venueLog
    ? venueReport(ended.venueLog, {
        startingCashUsd: plan.startingCashUsd,
        path: plan.path,
        limits: plan.limits,
        enginePositions,
        redisPositions: await run.services?.syncPositions(ledger.positions()),
        harnessCashUsd: ledger.cash(),
        harnessPnlUsd: ledger.summary().pnlUsd,
        pauses: leakWindows(opened, plan.controlGraceMs),
        ...throttleAccounting(engine.statistics()),
      })
    : undefined
  const warnings = await run.telemetry.finish({
    positionDeltaUsd: positionDeltaUsd(
      ledger.positions(),
      enginePositions,
      trading.market.tick.price,
    ),
  })
  const breaches = tally.breaches
  const lost = run.services ? await run.services.health() : undefined
  const data: Omit<ScenarioRunData, 'criteria'> = {
    name: plan.name,
    seed: plan.seed,
    startedAt: driven.startedAt,
    wallMs: performance.now() - driven.wallStartMs,
    time: plan.time,
    durationMs: trading.time.sinceStart(),
    ...(plan.warmupMs > 0 ? { warmupMs: plan.warmupMs } : {}),
    digest: trading.log.digest(),
    ...eventLogOf(trading),
    load: { kind: plan.load.kind, description: plan.load.describe() },
    decisions: {
      scheduled: plan.load.count,
      dispatched: driven.outcome.dispatched,
      dropped: driven.outcome.dropped,
      ...tally.counts,
    },
    errorSamples: tally.errorSamples,
    engineOrderReasons: tally.engineOrderReasons,
    latency: recorder.summaries(),
    histograms: recorder.encode(),
    histogramBackend: recorder.backend,
    portfolio: ledger.summary(),
    breaches: {
      count:
        breaches.count + (venue?.violations.filter((v) => v.invariant === 'limit').length ?? 0),
      first: breaches.first,
    },
    market: summarizeMarket(plan.path),
    faults: ended.faultPhases,
    ...(venue ? { venue } : {}),
    ...(link ? { link } : {}),
    ...(controlWindows.length > 0 ? { controlWindows } : {}),
    ...(ended.control ? { control: ended.control } : {}),
    ...(ended.pipeline ? { pipeline: ended.pipeline } : {}),
    timeline: run.telemetry.timeline.windows(),
    environment: ended.environment,
    ...(lost
      ? {
          servicesHealth: {
            dependsOn: plan.dependsOn,
            lost: lost.map((l) => ({ ...l, atMs: Math.max(0, trading.time.sinceStart(l.atMs)) })),
          },
        }
      : {}),
  }
  return { data, warnings }
}
