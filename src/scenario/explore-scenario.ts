import fc from 'fast-check'
import { publishScenarioResult } from './result-channel.js'
import { executeScenario } from './run-scenario.js'
import type { Exploration, ScenarioResult } from './scenario-result.js'
import type { ScenarioSpec } from './scenario-spec.js'
import { ScenarioSpecError } from './scenario-spec.js'
import { seedOf } from './time-mode.js'

/** Options of {@link exploreScenario}. */
export interface ExploreOptions<T> {
  /** The scenario's name in the report (every case must carry it too). */
  readonly name: string
  /** The cases to try: a fast-check arbitrary, shrunk towards the smallest failing one. */
  readonly cases: fc.Arbitrary<T>
  /** The scenario of one case; it must run in simulated time. */
  readonly scenario: (input: T) => ScenarioSpec
  /** Cases tried. @default 1000 */
  readonly runs?: number
  /** Seed of the exploration; `STRESSGATE_SEED` (a replay) overrides it. */
  readonly seed: number
  /** The case in words, for the report. @default its JSON */
  readonly describe?: (input: T) => string
}

export type { Exploration }

/** A scenario result carrying the exploration that produced it. */
export type ExploredResult = ScenarioResult & { readonly exploration: Exploration }

/**
 * Property-based exploration of a scenario in simulated time: tries `runs` cases (interleavings,
 * bursts, seeds) chosen by fast-check, each a whole deterministic run, and shrinks a failing one
 * to the smallest case that still fails. The result published for the report is that shrunk
 * case's run (failed, with its event sequence when it is short), or the last case tried when
 * all passed; either carries `exploration`. The same seed explores the same cases.
 *
 * @example
 * const result = await exploreScenario({
 *   name: 'concurrent_order_burst', seed: 20261125, runs: 1_000,
 *   cases: fc.array(fc.integer({ min: 0, max: 1_900 }), { minLength: 1 }),
 *   scenario: (offsets) => ({ name: 'concurrent_order_burst', time: 'simulated', ... }),
 * })
 * expect(result.exploration.counterexample).toBeUndefined()
 */
export async function exploreScenario<T>(options: ExploreOptions<T>): Promise<ExploredResult> {
  const runs = options.runs ?? 1_000
  const seed = seedOf(options.name, options.seed)
  const describe = options.describe ?? ((input: T) => JSON.stringify(input))
  const run = async (input: T, measureEnvironment = false): Promise<ScenarioResult> => {
    const spec = options.scenario(input)
    if (spec.name !== options.name || spec.time !== 'simulated') {
      throw new ScenarioSpecError(
        `exploreScenario("${options.name}"): every case must be the scenario "${options.name}" in simulated time (name: "${options.name}", time: 'simulated'); got name "${spec.name}", time ${JSON.stringify(spec.time)}. Thousands of cases only fit in simulated time.`,
      )
    }
    return executeScenario(spec, { replayable: false, measureEnvironment })
  }
  let last: { input: T } | undefined
  // A case that threw (a bad spec, a harness error) is not a failing case to shrink: it stops
  // the exploration with its own error.
  let thrown: { error: unknown } | undefined
  const details = await fc.check(
    fc.asyncProperty(options.cases, async (input) => {
      if (thrown) return true
      last = { input }
      try {
        return (await run(input)).state !== 'failed'
      } catch (error) {
        thrown = { error }
        return true
      }
    }),
    { numRuns: runs, seed },
  )
  if (thrown) throw thrown.error
  const shrunk = details.failed ? details.counterexample?.[0] : undefined
  const shown = shrunk ?? last?.input
  if (shown === undefined) {
    throw new ScenarioSpecError(
      `exploreScenario("${options.name}"): runs must be >= 1, got ${runs}.`,
    )
  }
  // The run the report shows (the shrunk case, or the last one tried) again, measured in full.
  const result = await run(shown, true)
  const explored: ExploredResult = {
    ...result,
    seed,
    exploration: {
      runs: details.numRuns,
      seed,
      ...(shrunk === undefined
        ? {}
        : {
            counterexample: {
              input: describe(shrunk),
              shrinks: details.numShrinks,
              caseSeed: result.seed,
            },
          }),
    },
  }
  publishScenarioResult(explored)
  return explored
}
