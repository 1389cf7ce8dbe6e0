import { describe, expect, test } from 'vitest'
import { virtualRun } from '../../test/helpers/virtual-run.js'
import { judge } from './judge.js'
import type { ScenarioPlan } from './resolve-spec.js'
import type { ScenarioRunData } from './scenario-result.js'

const plan = (criteria: ScenarioPlan['criteria']): ScenarioPlan =>
  ({ criteria, maxInFlight: undefined, maxScheduleLagMs: 5 }) as unknown as ScenarioPlan

/** A measured run with its pipeline and engine latencies set to known values. */
async function measured(pipelineP99Ms: number, engineP99Ms: number, queueP99Ms: number) {
  const base: ScenarioRunData = await virtualRun('judged')
  const { criteria: _, ...data } = base
  return {
    ...data,
    latency: {
      ...data.latency,
      pipeline: { ...data.latency.pipeline, p99Ms: pipelineP99Ms },
      engine: { ...data.latency.engine, p99Ms: engineP99Ms },
    },
    pipeline: { published: 100, consumed: 100, backlog: 0, errors: [], queueP99Ms },
  }
}

describe('judge', () => {
  test("a pipeline p99 over the threshold that the harness' own queue explains is inconclusive, with the cause", async () => {
    const result = judge(plan({ pipelineP99Ms: 20 }), await measured(41, 2, 39))
    expect(result.state).toBe('inconclusive')
    if (result.state !== 'inconclusive') return
    expect(result.reason).toBe(
      "pipeline p99 over 20 ms is the harness' own: its Redis queue (verdict to read) had p99 39.00 ms, while what the engine caused had p99 2.00 ms",
    )
  })

  test("when the engine alone is over the threshold, the pipeline failure is the engine's", async () => {
    const result = judge(plan({ pipelineP99Ms: 20 }), await measured(41, 25, 16))
    expect(result.state).toBe('failed')
    if (result.state !== 'failed') return
    expect(result.failures.map((f) => f.id)).toEqual(['pipeline_p99_ms'])
  })
})
