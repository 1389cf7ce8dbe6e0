import { attachRedisControl } from '../governor/redis-control.js'
import { systemClock, VirtualClock } from '../load/clock.js'
import { type Dispatch, driveOpenLoop } from '../load/open-loop-driver.js'
import type { MarketPath, MarketTick } from '../market/market-path.js'
import { tickAt } from '../market/market-path.js'
import { seededRng } from '../market/random.js'
import { fillPrice } from '../market/slippage.js'
import { startEnvironmentProbe } from '../metrics/environment.js'
import { type Breach, Ledger } from '../portfolio/ledger.js'
import { ambientServices } from './ambient-services.js'
import { currentVenueBroker } from './broker-faults.js'
import { evaluateCriteria, noneDropped } from './criteria.js'
import { startLinkMonitor } from './link-monitor.js'
import { summarizeMarket } from './market-summary.js'
import { positionDeltaUsd } from './position-delta.js'
import { currentRunRedis } from './redis-faults.js'
import { publishScenarioResult } from './result-channel.js'
import type { Decision, DecisionRequest, EngineOrder, Fill } from './risk-engine.js'
import {
  AbandonOnThrow,
  decide,
  describeError,
  drain,
  isControllable,
  isPromiseLike,
  missingTicks,
  pausesFrom,
  startFaults,
  startPipeline,
  throttleAccounting,
} from './run-parts.js'
import { type DecisionVerdict, RunTelemetry } from './run-telemetry.js'
import type { ScenarioResult, ScenarioRunData } from './scenario-result.js'
import { openScenarioServices } from './scenario-services.js'
import { type ScenarioSpec, validateSpec } from './scenario-spec.js'
import { requestGenerator } from './strategy.js'
import { venueReport } from './venue-report.js'
import { startVenueSession } from './venue-session.js'
import { checkVerdict } from './verdict.js'

const MAX_SAMPLES = 20
const FLATTEN_ATTEMPTS = 3
const STRATEGY_SEED_SALT = 0x5eed

/**
 * Runs one scenario open loop: every decision starts at its scheduled time whatever the engine
 * is doing, its latency is measured from that intended time (coordinated-omission corrected),
 * approved orders fill against the seeded market with depth-dependent slippage, and the
 * harness' own ledger checks every fill against the hard limits.
 *
 * @example
 * const result = await runScenario({
 *   name: 'flash_crash', seed: 42,
 *   engine: referenceGovernor({ maxPositionUsd: 250_000, maxDrawdownPct: 15 }),
 *   market: flashCrash({ dropPct: 15, overMs: 2_000, depthFloorPct: 1 }),
 *   load: constantRate({ perSecond: 1_000, durationMs: 10_000 }),
 *   faults: [],
 * })
 * if (result.state !== 'passed') console.log(result.state)
 */
export async function runScenario(spec: ScenarioSpec): Promise<ScenarioResult> {
  validateSpec(spec)
  const { engine, load } = spec
  const clock = spec.clock ?? systemClock()
  const path: MarketPath = spec.market.build(spec.seed, load.durationMs)
  const nextRequest = requestGenerator(
    spec.name,
    seededRng(spec.seed ^ STRATEGY_SEED_SALT),
    spec.strategy,
  )
  // On a venue, limits are judged when each order is sent (the invariants), not at fill prices.
  const ledger = new Ledger(
    spec.startingCashUsd ?? 1_000_000,
    spec.venue ? undefined : (spec.limits ?? engine.limits),
  )
  const servicesContext = spec.services === false ? undefined : (spec.services ?? ambientServices())
  // Disposed on every exit: a run that throws part-way closes its Redis and Postgres connections.
  await using services = servicesContext ? await openScenarioServices(servicesContext) : undefined
  using telemetry = new RunTelemetry({
    scenario: spec.name,
    runId: servicesContext?.runId ?? `local-${process.pid}`,
    ...(servicesContext ? { pushgateway: servicesContext.connections.pushgateway } : {}),
  })
  const recorder = telemetry.recorder
  // Stops what the run starts if it throws part-way (disposed before the services close).
  await using abandon = new AbandonOnThrow()
  const pipeline = spec.pipeline
    ? startPipeline(spec, services?.state, clock, telemetry)
    : undefined
  abandon.add(() => pipeline?.drain(0))
  const counts = { approved: 0, trimmed: 0, rejected: 0, errors: 0, unfilled: 0, engineOrders: 0 }
  const breaches: Breach[] = []
  let breachCount = 0
  const errorSamples: string[] = []
  let tick: MarketTick = path.ticks[0] ?? missingTicks(path)
  let nextTickIndex = 0
  let engineOrderSeq = 0
  let runStartMs = clock.now()

  const recordLatency = (
    intendedMs: number,
    startedMs: number,
    endedMs: number,
    verdict: DecisionVerdict,
  ): void => {
    telemetry.decision({
      intendedMs,
      startedMs,
      endedMs,
      offsetMs: intendedMs - runStartMs,
      verdict,
    })
  }
  const noteError = (message: string): void => {
    counts.errors++
    if (errorSamples.length < MAX_SAMPLES) errorSamples.push(message)
  }
  const applyFill = (fill: Fill, tMs: number, fee: number): void => {
    const breach = ledger.applyFill(fill, tMs, fee)
    if (breach) {
      telemetry.breach()
      breachCount++
      if (breaches.length < MAX_SAMPLES) breaches.push(breach)
    }
    engine.onFill?.(fill)
    services?.positionsChanged(ledger.positions())
  }
  const venue = spec.venue
    ? startVenueSession(spec.venue, {
        clock,
        seed: spec.seed,
        runStartMs: () => runStartMs,
        priceAt: (_symbol, side, offsetMs) => {
          const at = tickAt(path, offsetMs)
          return fillPrice({ side, mid: at.price, depthPct: at.depthPct })
        },
        callbacks: {
          onFill: (fill, tMs) => applyFill(fill, tMs, fill.fee),
          onClosed: (orderId) => engine.onOrderClosed?.(orderId),
          onLink: (l) => (link ? link.linkEvent(l) : engine.onLinkChange?.(l)),
        },
      })
    : undefined
  abandon.add(() => {
    venue?.[Symbol.dispose]()
    currentVenueBroker.set(undefined)
    currentRunRedis.set(undefined)
  })
  currentVenueBroker.set(venue?.broker)
  currentRunRedis.set(
    services?.state && services.redis
      ? { state: services.state, redis: services.redis }
      : undefined,
  )
  let link: ReturnType<typeof startLinkMonitor> | undefined
  // Cancels and orders the engine asks for by itself (kill switch, flatten after an outage).
  const takeEngineActions = (): void => {
    const actions = engine.takeActions?.()
    if (!actions) return
    for (const id of actions.cancel) venue?.broker.cancel(id)
    sendEngineOrders(actions.orders)
  }
  // Instant execution (no venue): fill now at the tick's price, or not at all.
  const book = (orderId: string, side: 'buy' | 'sell', quantity: number, price: number): void =>
    applyFill({ orderId, symbol: tick.symbol, side, quantity, price }, tick.tMs, 0)
  // Engine orders (e.g. a flatten) wait out a venue halt; they execute at the first open tick.
  const waiting: EngineOrder[] = []
  const engineOrderReasons: Record<string, number> = {}
  const sendEngineOrders = (orders: readonly EngineOrder[] | undefined): void => {
    for (const order of orders ?? []) {
      counts.engineOrders++
      engineOrderReasons[order.reason] = (engineOrderReasons[order.reason] ?? 0) + 1
      waiting.push(order)
    }
    if (tick.halted) return
    for (const order of waiting.splice(0)) {
      const id = `${spec.name}-engine-${engineOrderSeq++}`
      if (venue) {
        venue.send({
          id,
          symbol: order.symbol,
          side: order.side,
          quantity: order.quantity,
          reduceOnly: order.reduceOnly === true,
        })
        continue
      }
      const price = fillPrice({ side: order.side, mid: tick.price, depthPct: tick.depthPct })
      book(id, order.side, order.quantity, price)
    }
  }
  const advanceMarket = (untilMs: number): void => {
    while (nextTickIndex < path.ticks.length) {
      const next = path.ticks[nextTickIndex]
      if (next === undefined || next.tMs > untilMs) break
      tick = next
      nextTickIndex++
      ledger.mark(tick)
      sendEngineOrders(engine.onTick?.(tick))
      takeEngineActions()
      telemetry.book(tick.tMs, {
        price: tick.price,
        positionQty: ledger.position(tick.symbol),
        equityUsd: ledger.equity(),
        drawdownPct: ledger.drawdownPct(),
      })
    }
  }
  const settle = (
    request: DecisionRequest,
    decision: Decision,
    intendedMs: number,
    startedMs: number,
  ): void => {
    const endedMs = clock.now()
    const verdict = checkVerdict(request, decision)
    const verdictName = {
      approved: 'approve',
      trimmed: 'trim',
      rejected: 'reject',
      invalid: 'error',
    } as const
    recordLatency(intendedMs, startedMs, endedMs, verdictName[verdict.kind])
    pipeline?.publish({ id: request.id, intendedMs, verdict: verdictName[verdict.kind] })
    if (verdict.kind === 'invalid') {
      noteError(verdict.problem)
      return
    }
    if (verdict.kind === 'rejected') {
      counts.rejected++
      return
    }
    counts[verdict.kind]++
    const price = fillPrice({ side: request.side, mid: tick.price, depthPct: tick.depthPct })
    const marketable =
      request.side === 'buy' ? price <= request.limitPrice : price >= request.limitPrice
    if (marketable && !tick.halted) {
      if (venue) {
        venue.send({
          id: request.id,
          symbol: request.symbol,
          side: request.side,
          quantity: verdict.quantity,
          limitPrice: request.limitPrice,
        })
      } else {
        book(request.id, request.side, verdict.quantity, price)
      }
    } else {
      counts.unfilled++
      engine.onOrderClosed?.(request.id)
    }
  }
  const fire = ({ index, intendedMs }: Dispatch): undefined | Promise<void> => {
    advanceMarket(intendedMs - runStartMs)
    venue?.catchUp()
    const request = nextRequest(index, tick)
    // Service time starts at the call: market-data handling above counts only in decision latency.
    const startedMs = clock.now()
    let answer: Decision | Promise<Decision>
    try {
      answer = engine.decide(request)
    } catch (error) {
      recordLatency(intendedMs, startedMs, clock.now(), 'error')
      noteError(`${request.id}: ${describeError(error)}`)
      return undefined
    }
    if (!isPromiseLike(answer)) {
      settle(request, answer, intendedMs, startedMs)
      return undefined
    }
    return Promise.resolve(answer).then(
      (decision) => settle(request, decision, intendedMs, startedMs),
      (error: unknown) => {
        recordLatency(intendedMs, startedMs, clock.now(), 'error')
        noteError(`${request.id}: ${describeError(error)}`)
      },
    )
  }

  const probe = startEnvironmentProbe()
  abandon.add(() => probe.stop())
  const startedAt = new Date().toISOString()
  runStartMs = clock.now()
  advanceMarket(0)
  link =
    venue && !(clock instanceof VirtualClock)
      ? startLinkMonitor(venue.broker, clock, {
          runStartMs,
          ...spec.heartbeat,
          onChange: (l) => engine.onLinkChange?.(l),
        })
      : undefined
  const control =
    spec.redisControl && services?.state && services.redis && isControllable(engine)
      ? attachRedisControl(engine, services.state, services.redis, { clock })
      : undefined
  abandon.add(() => link?.stop([]))
  abandon.add(() => control?.stop())
  const faults = startFaults(spec, clock)
  abandon.add(() => faults?.stop())
  const outcome = await driveOpenLoop({
    schedule: load,
    clock,
    fire,
    onLag: (lagMs) => telemetry.lag(lagMs),
    ...(spec.maxInFlight === undefined ? {} : { maxInFlight: spec.maxInFlight }),
  }).catch(async (error: unknown) => {
    await faults?.stop()
    throw error
  })
  const stuck = await drain(outcome.inFlight, spec.drainTimeoutMs ?? 5_000)
  for (let i = 0; i < stuck; i++) {
    recordLatency(outcome.endedAtMs, outcome.endedAtMs, clock.now(), 'error')
    noteError(
      `no answer within drainTimeoutMs (${spec.drainTimeoutMs ?? 5_000} ms) after the last dispatch`,
    )
  }
  advanceMarket(load.durationMs)
  const faultPhases = faults ? await faults.done : []
  const pipelineReport = await pipeline?.drain(spec.drainTimeoutMs ?? 5_000)
  // On a venue, let working orders finish before flattening what is actually held, and try again
  // (a few times) when the venue rejects part of the flatten.
  await venue?.quiesce(spec.drainTimeoutMs ?? 5_000)
  for (let attempt = 0; attempt < (venue ? FLATTEN_ATTEMPTS : 1); attempt++) {
    const orders = (await engine.flattenAll?.()) ?? []
    if (orders.length === 0) break
    sendEngineOrders(orders)
    await venue?.quiesce(spec.drainTimeoutMs ?? 5_000)
  }
  const venueLog = await venue?.quiesce(spec.drainTimeoutMs ?? 5_000)
  const states = engine.stateLog?.() ?? []
  const linkReport = link?.stop(states)
  const controlReport = await control?.stop()
  venue?.[Symbol.dispose]()
  currentVenueBroker.set(undefined)
  currentRunRedis.set(undefined)
  if (venueLog) ledger.mark(tickAt(path, load.durationMs))
  const venueResult = venueLog
    ? venueReport(venueLog, {
        startingCashUsd: spec.startingCashUsd ?? 1_000_000,
        path,
        limits: spec.limits ?? engine.limits,
        enginePositions: await engine.positions?.(),
        redisPositions: await services?.syncPositions(ledger.positions()),
        harnessCashUsd: ledger.cash(),
        harnessPnlUsd: ledger.summary().pnlUsd,
        pauses: pausesFrom(states, runStartMs),
        ...throttleAccounting(engine),
      })
    : undefined
  const environment = probe.stop()
  abandon.settle()
  const pushWarnings = await telemetry.finish({
    positionDeltaUsd: positionDeltaUsd(ledger.positions(), await engine.positions?.(), tick.price),
  })

  const data: Omit<ScenarioRunData, 'criteria'> = {
    name: spec.name,
    seed: spec.seed,
    startedAt,
    wallMs: clock.now() - runStartMs,
    load: { kind: load.kind, description: load.describe() },
    decisions: {
      scheduled: load.count,
      dispatched: outcome.dispatched,
      dropped: outcome.dropped,
      ...counts,
    },
    errorSamples,
    engineOrderReasons,
    latency: recorder.summaries(),
    histograms: recorder.encode(),
    histogramBackend: recorder.backend,
    portfolio: ledger.summary(),
    breaches: {
      count:
        breachCount + (venueResult?.violations.filter((v) => v.invariant === 'limit').length ?? 0),
      first: breaches,
    },
    market: summarizeMarket(path),
    faults: faultPhases,
    ...(venueResult ? { venue: venueResult } : {}),
    ...(linkReport ? { link: linkReport } : {}),
    ...(controlReport ? { control: controlReport } : {}),
    ...(pipelineReport ? { pipeline: pipelineReport } : {}),
    timeline: telemetry.timeline.windows(),
    environment,
  }
  const criteria = [
    ...evaluateCriteria({ ...data, criteria: [] }, spec.criteria ?? {}),
    ...(spec.maxInFlight === undefined ? [] : [noneDropped(outcome.dropped, spec.maxInFlight)]),
  ]
  const measured = decide({ ...data, criteria }, spec.maxScheduleLagMs ?? 5)
  const result = services
    ? { ...measured, services: await services.finish(measured, ledger.positions(), pushWarnings) }
    : measured
  publishScenarioResult(result)
  return result
}
