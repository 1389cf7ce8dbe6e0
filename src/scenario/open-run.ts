import { AbandonOnThrow } from './abandon-on-throw.js'
import { type DecisionPipeline, startDecisionPipeline } from './decision-pipeline.js'
import type { ScenarioPlan } from './resolve-spec.js'
import { RunTelemetry } from './run-telemetry.js'
import type { ScenarioResult } from './scenario-result.js'
import { openScenarioServices, type ScenarioServices } from './scenario-services.js'
import { ScenarioSpecError } from './scenario-spec.js'

/**
 * What one run holds open: its services (Redis live state, PostgreSQL history), its telemetry
 * (HDR recorder, timeline, Prometheus registry) and, when asked for, the Redis decision pipeline.
 * Disposing stops what the run started if it threw part-way, then closes the services.
 */
export class OpenRun implements AsyncDisposable {
  readonly services: ScenarioServices | undefined
  readonly telemetry: RunTelemetry
  readonly pipeline: DecisionPipeline | undefined
  /** Stops for what later stages start, run if the run throws before its end. */
  readonly abandon = new AbandonOnThrow()

  constructor(
    services: ScenarioServices | undefined,
    telemetry: RunTelemetry,
    pipeline: DecisionPipeline | undefined,
  ) {
    this.services = services
    this.telemetry = telemetry
    this.pipeline = pipeline
    if (pipeline) this.abandon.add(() => pipeline.drain(0))
  }

  /** The run's Redis, when it has a usable one. */
  get redis(): ScenarioServices['redisState'] {
    return this.services?.redisState
  }

  /** Records the result with the services (positions mirrored, history stored) and closes them. */
  async finish(
    result: ScenarioResult,
    positions: Readonly<Record<string, number>>,
    warnings: readonly string[],
  ): Promise<ScenarioResult> {
    if (!this.services) return result
    return { ...result, services: await this.services.finish(result, positions, warnings) }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    try {
      await this.abandon[Symbol.asyncDispose]()
      this.telemetry[Symbol.dispose]()
    } finally {
      await this.services?.[Symbol.asyncDispose]()
    }
  }
}

/**
 * Opens the run's services and telemetry and starts the pipeline; refuses a run whose options
 * or faults need Redis when it has none, naming each of them.
 *
 * @example
 * await using run = await openRun(plan)
 */
export async function openRun(plan: ScenarioPlan): Promise<OpenRun> {
  const services = plan.services
    ? await openScenarioServices(plan.services, {
        scenario: plan.name,
        now: () => plan.clock.now(),
      })
    : undefined
  try {
    requireRedis(plan, services)
    const telemetry = new RunTelemetry({
      scenario: plan.name,
      runId: plan.runId,
      timelineWindowMs: timelineWindowMs(plan.load.durationMs),
      ...(plan.services ? { pushgateway: plan.services.connections.pushgateway } : {}),
      ...(plan.services?.metrics ? { exposition: plan.services.metrics } : {}),
    })
    const redis = services?.redisState
    const pipeline =
      plan.pipeline && redis
        ? startDecisionPipeline(redis.state, plan.clock, (ms) => telemetry.pipeline(ms), {
            onError: (error) =>
              services?.lost('redis', `decision pipeline: ${(error as Error)?.message ?? error}`),
          })
        : undefined
    return new OpenRun(services, telemetry, pipeline)
  } catch (error) {
    await services?.[Symbol.asyncDispose]()
    throw error
  }
}

/** Most windows a timeline keeps: a six-hour simulated session gets wider windows, not more. */
const MAX_TIMELINE_WINDOWS = 600

/** One second, or whole seconds wide enough that the run fits in {@link MAX_TIMELINE_WINDOWS}. */
function timelineWindowMs(durationMs: number): number {
  return Math.max(1, Math.ceil(durationMs / MAX_TIMELINE_WINDOWS / 1_000)) * 1_000
}

function requireRedis(plan: ScenarioPlan, services: ScenarioServices | undefined): void {
  const [first, ...others] = plan.redisNeeds
  if (services?.redisState || !first) return
  const also = others.length > 0 ? ` (so do ${others.map((n) => n.what).join(', ')})` : ''
  throw new ScenarioSpecError(
    `Scenario "${plan.name}": ${first.what} needs Redis, and this run has none (or it was unusable)${also}. Run it with the stressgate Vitest plugin, pass services, or drop ${first.option}.`,
  )
}
