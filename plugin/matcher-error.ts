import { StressgateError } from '../src/common/stressgate-error.js'
/** A matcher was used on the wrong value or with a bad argument (not a failed criterion). */
export class StressMatcherError extends StressgateError {
  readonly code = 'STRESSGATE_MATCHER_USAGE'
}

/** A scenario run ended FAILED on its criteria (built-in or declared in the spec). */
export class ScenarioFailedError extends StressgateError {
  readonly code = 'STRESSGATE_SCENARIO_FAILED'

  /** The error for these failed runs, one line per failed criterion. */
  static of(
    runs: readonly {
      readonly name: string
      readonly replay?: string
      readonly digest?: string
      readonly exploration?: { readonly counterexample?: { readonly input: string } }
      readonly eventLog?: readonly string[]
      readonly failures: readonly {
        readonly id: string
        readonly description: string
        readonly comparison: string
        readonly threshold: number
        readonly actual: number
      }[]
    }[],
  ): ScenarioFailedError {
    const lines = runs.flatMap((r) => [
      `${r.name}: FAILED on ${r.failures.length} criteria`,
      ...r.failures.map(
        (c) =>
          `  x ${c.id}: ${c.description} (threshold ${c.comparison} ${c.threshold}, actual ${Number.isFinite(c.actual) ? Math.round(c.actual * 1000) / 1000 : c.actual})`,
      ),
      ...(r.exploration?.counterexample
        ? [`  smallest failing case: ${r.exploration.counterexample.input}`]
        : []),
      ...(r.exploration?.counterexample && r.eventLog
        ? ['  its events:', ...r.eventLog.map((line) => `    ${line}`)]
        : []),
      ...(r.replay ? [`  replay (digest ${r.digest ?? '?'}): ${r.replay}`] : []),
    ])
    return new ScenarioFailedError(lines.join('\n'))
  }
}
