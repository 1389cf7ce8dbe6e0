import { LoadSpecError } from './load-error.js'
import type { ArrivalSchedule } from './schedule.js'

/** One stage of {@link rampingArrivals}: the rate moves linearly to `target` over `durationMs`. */
export interface RampingStage {
  /** Length of the stage in ms. Must be >= 0; 0 jumps to `target` at once. */
  durationMs: number
  /** Decisions per second at the end of the stage. Must be >= 0. */
  target: number
}

/** Options of {@link rampingArrivals}. */
export interface RampingArrivalsOptions {
  /** The stages, in order. At least one, and their durations must add up to more than 0. */
  stages: readonly RampingStage[]
  /**
   * Decisions per second at the start of the first stage. Must be >= 0.
   * @default 0
   */
  startRate?: number
}

/** A ramping-rate schedule (k6's `ramping-arrival-rate`). */
export interface RampingArrivalsSchedule extends ArrivalSchedule {
  readonly kind: 'ramping'
  readonly startRate: number
  readonly stages: readonly RampingStage[]
  /** `stage 1`, `stage 2`, ... one per stage, in order (a 0 ms stage gives an empty phase). */
  phases(): { name: string; startMs: number; endMs: number }[]
}

/** A stage in the units of the solver: rate in decisions/ms, slope in decisions/ms². */
interface Segment {
  startMs: number
  endMs: number
  ratePerMs: number
  slope: number
  /** Integral of the rate from 0 to `startMs` and to `endMs`: decisions before and through it. */
  before: number
  through: number
}

const EXAMPLE = 'stages: [{ durationMs: 10_000, target: 100 }, { durationMs: 5_000, target: 100 }]'

const fail = (message: string): never => {
  throw new LoadSpecError(`rampingArrivals: ${message} Example: rampingArrivals({ ${EXAMPLE} }).`)
}

const nonNegative = (name: string, value: unknown): number => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    return fail(`${name} must be a finite number >= 0, got ${String(value)}.`)
  }
  return value
}

const segmentsOf = (stages: readonly RampingStage[], startRate: number): Segment[] => {
  const segments: Segment[] = []
  let startMs = 0
  let before = 0
  let from = startRate
  stages.forEach((stage, i) => {
    const durationMs = nonNegative(`stages[${i}].durationMs`, stage.durationMs)
    const target = nonNegative(`stages[${i}].target`, stage.target)
    const through = before + ((from + target) / 2) * (durationMs / 1000)
    segments.push({
      startMs,
      endMs: startMs + durationMs,
      ratePerMs: from / 1000,
      slope: durationMs === 0 ? 0 : (target - from) / 1000 / durationMs,
      before,
      through,
    })
    startMs += durationMs
    before = through
    from = target
  })
  return segments
}

/**
 * Time within `segment` at which its integral reaches `q`: the root of
 * `ratePerMs * t + slope * t² / 2 = q`, written `2q / (r + √(r² + 2·slope·q))` so that it stays
 * exact for a constant stage (slope 0: `q / r`) and free of cancellation for a gentle slope.
 */
const solve = (segment: Segment, q: number): number => {
  if (q <= 0) return 0
  const r = segment.ratePerMs
  // Rounding can push the discriminant of a ramp down to 0 just below 0 at its last decision.
  const root = Math.sqrt(Math.max(0, r * r + 2 * segment.slope * q))
  return Math.min((2 * q) / (r + root), segment.endMs - segment.startMs)
}

/**
 * Decisions at a rate that moves linearly from the previous target (first: `startRate`) to each
 * stage's `target` over the stage, as k6's `ramping-arrival-rate`. Decision `i` is intended where
 * the integral of the rate reaches `i`, found exactly by solving the stage's quadratic, so a ramp
 * from 0 to 100/s over 10 s schedules 500 decisions, the `i`-th at `√(2i / slope)` ms.
 *
 * @example
 * const load = rampingArrivals({
 *   startRate: 0,
 *   stages: [
 *     { durationMs: 10_000, target: 100 }, // ramp up: 500 decisions
 *     { durationMs: 5_000, target: 100 }, // hold: 500
 *     { durationMs: 10_000, target: 0 }, // ramp down: 500
 *   ],
 * })
 */
export function rampingArrivals(options: RampingArrivalsOptions): RampingArrivalsSchedule {
  const { stages } = options
  if (!Array.isArray(stages) || stages.length === 0) {
    fail(`stages must be a non-empty array of { durationMs, target }, got ${String(stages)}.`)
  }
  const startRate = nonNegative('startRate', options.startRate ?? 0)
  const segments = segmentsOf(stages, startRate)
  const last = segments[segments.length - 1]
  const durationMs = last?.endMs ?? 0
  const total = last?.through ?? 0
  if (durationMs <= 0) fail('the stages last 0 ms in total; give one a durationMs > 0.')
  // Rounding can leave a whole total just below itself (499.999...); keep its last decision.
  const count = Math.floor(total + 1e-9)
  if (count < 1) {
    fail(`the stages schedule ${total} decisions, fewer than 1. Raise a target or a durationMs.`)
  }
  const copy = stages.map(({ durationMs: ms, target }) => ({ durationMs: ms, target }))
  return {
    kind: 'ramping',
    startRate,
    stages: copy,
    durationMs,
    count,
    offsetMs(index) {
      if (!(Number.isInteger(index) && index >= 0 && index < count)) {
        throw new RangeError(`rampingArrivals: index ${index} is outside 0..${count - 1}.`)
      }
      // The first stage whose integral passes `index` holds it (stages adding nothing are skipped).
      let low = 0
      let high = segments.length - 1
      while (low < high) {
        const mid = (low + high) >> 1
        if ((segments[mid]?.through ?? 0) > index) high = mid
        else low = mid + 1
      }
      const segment = segments[low] as Segment // low stays within 0..segments.length - 1
      return segment.startMs + solve(segment, index - segment.before)
    },
    describe: () =>
      `ramping ${startRate}/s${copy.map((s) => ` -> ${s.target}/s in ${s.durationMs} ms`).join('')}`,
    phases: () =>
      segments.map((s, i) => ({ name: `stage ${i + 1}`, startMs: s.startMs, endMs: s.endMs })),
  }
}
