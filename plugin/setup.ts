/*
 * Setup file of the stress project (added by the `stress()` plugin): installs the matchers,
 * hands the provisioned services to runScenario, and attaches every ScenarioResult produced
 * during a test to that test's meta, for the reporter.
 */
import { relative } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from 'vitest'
import { LiveRegistry } from '../src/metrics/live-registry.js'
import { type StartedMetricsServer, startMetricsServer } from '../src/metrics/metrics-server.js'
import { setAmbientServices } from '../src/scenario/ambient-services.js'
import { setAmbientEngineModule } from '../src/scenario/engine-under-test.js'
import { replayCommand } from '../src/scenario/replay-command.js'
import { onScenarioResult } from '../src/scenario/result-channel.js'
import { ScenarioFailedError } from './matcher-error.js'
import { stressMatchers } from './matchers.js'
import './provided-context.js'
import { stressMeta } from './task-meta.js'

expect.extend(stressMatchers)
// Runs offer their registry here; the /metrics server below serves the one in progress.
const live = new LiveRegistry()
const provided = inject('stressgateServices')
setAmbientServices(provided ? { ...provided, metrics: live } : undefined)
setAmbientEngineModule(inject('stressgateEngine') ?? undefined)

beforeEach(({ task }) =>
  onScenarioResult((result) => {
    const replay = replayCommand({
      file: relative(process.cwd(), task.file.filepath),
      test: fullName(task),
      seed: result.seed,
      time: result.time,
      ...(result.engine?.source === 'module' ? { engine: result.engine.name } : {}),
    })
    stressMeta(task).results.push({ ...result, replay })
  }),
)

/** The name `-t` matches: the describe blocks' names and the test's, space-separated. */
function fullName(task: { name: string; suite?: { name: string; suite?: unknown } }): string {
  const names = [task.name]
  const file = (task as { file?: unknown }).file
  for (let s = task.suite; s && s !== file; s = s.suite as typeof s) names.unshift(s.name)
  return names.join(' ')
}

// A scenario whose criteria failed (built-in or declared) fails its test, even when every
// matcher the test asserts passed: the test's verdict never contradicts the report's.
afterEach(({ task }) => {
  const failed = stressMeta(task).results.flatMap((r) => (r.state === 'failed' ? [r] : []))
  if (failed.length > 0) throw ScenarioFailedError.of(failed)
})

// The /metrics server of this scenario file: it serves whichever run is in progress.
let metricsServer: StartedMetricsServer | undefined
beforeAll(async () => {
  const port = inject('stressgateMetricsPort')
  if (port === null || port === undefined) return
  try {
    metricsServer = await startMetricsServer(() => live.current, { port })
  } catch (error) {
    console.warn(`[stressgate] no /metrics server: ${(error as Error).message}`)
  }
})
afterAll(async () => {
  await metricsServer?.stop()
})
