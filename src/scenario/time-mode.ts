import { ScenarioSpecError } from './scenario-spec.js'

/** The two clocks a scenario can run on. */
export const TIME_MODES = ['simulated', 'real'] as const

/**
 * `simulated`: one discrete-event scheduler drives the whole run (deterministic, exact, fast),
 * for correctness. `real`: the process' clock, for latency SLOs.
 */
export type TimeMode = (typeof TIME_MODES)[number]

const isTimeMode = (value: unknown): value is TimeMode => TIME_MODES.includes(value as TimeMode)

/**
 * The clock a run uses: `STRESSGATE_TIME` (set by `stressgate certify --time`) overrides the
 * spec's `time` for a whole run; the default is `real`.
 *
 * @example
 * timeModeOf('flash_crash', 'simulated', {}) // 'simulated'
 * timeModeOf('flash_crash', 'simulated', { STRESSGATE_TIME: 'real' }) // 'real'
 */
export function timeModeOf(
  scenario: string,
  specTime: unknown,
  env: Readonly<Record<string, string | undefined>> = process.env,
): TimeMode {
  const override = env.STRESSGATE_TIME
  if (override !== undefined && override !== '') {
    if (isTimeMode(override)) return override
    throw new ScenarioSpecError(
      `STRESSGATE_TIME=${JSON.stringify(override)} is not a clock; allowed: ${TIME_MODES.map((m) => `'${m}'`).join(', ')}. Unset it to use each scenario's own time, or run stressgate certify --time simulated.`,
    )
  }
  if (specTime === undefined) return 'real'
  if (isTimeMode(specTime)) return specTime
  throw new ScenarioSpecError(
    `Scenario "${scenario}": time = ${JSON.stringify(specTime)} is not a clock; allowed: ${TIME_MODES.map((m) => `'${m}'`).join(', ')}. Use 'simulated' for correctness (deterministic, fast) and 'real' for latency SLOs.`,
  )
}

/**
 * The seed of a run: `STRESSGATE_SEED` (set by a replay command) overrides the spec's.
 *
 * @example
 * seedOf('flash_crash', 42, { STRESSGATE_SEED: '7' }) // 7
 */
export function seedOf(
  scenario: string,
  specSeed: number,
  env: Readonly<Record<string, string | undefined>> = process.env,
): number {
  const override = env.STRESSGATE_SEED
  if (override === undefined || override === '') return specSeed
  const seed = Number(override)
  if (!Number.isSafeInteger(seed)) {
    throw new ScenarioSpecError(
      `STRESSGATE_SEED=${JSON.stringify(override)} (scenario "${scenario}") is not an integer seed. Set it to the seed a replay command printed, e.g. STRESSGATE_SEED=42, or unset it to use the scenario's own.`,
    )
  }
  return seed
}
