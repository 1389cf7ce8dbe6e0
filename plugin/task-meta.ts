import type { AssertedCriterion } from '../src/report/report-schema.js'
import type { ScenarioResult } from '../src/scenario/scenario-result.js'

/** What a stress test carries from the worker to the reporter, in Vitest's task meta. */
export interface StressTaskMeta {
  results: ScenarioResult[]
  asserted: AssertedCriterion[]
  /** Why a matcher refused to judge (the run's timing could not be trusted). */
  undecided: string[]
}

declare module '@vitest/runner' {
  interface TaskMeta {
    stressgate?: StressTaskMeta
  }
}

/** The stressgate meta of a task, created on first use. */
export function stressMeta(task: { meta: { stressgate?: StressTaskMeta } }): StressTaskMeta {
  task.meta.stressgate ??= { results: [], asserted: [], undecided: [] }
  return task.meta.stressgate
}
