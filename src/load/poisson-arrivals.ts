import { seededRng } from '../common/random.js'
import { LoadSpecError } from './load-error.js'
import type { ArrivalSchedule } from './schedule.js'

/** Options of {@link poissonArrivals}. */
export interface PoissonArrivalsOptions {
  /** Mean decisions per second. Must be > 0. */
  perSecond: number
  /** Length of the run in milliseconds. Must be > 0. */
  durationMs: number
  /** Integer seed of the gaps: the same seed always gives the same offsets. */
  seed: number
}

/** A Poisson arrival schedule (memoryless traffic: independent, exponentially spaced decisions). */
export interface PoissonArrivalsSchedule extends ArrivalSchedule {
  readonly kind: 'poisson'
  readonly perSecond: number
  readonly seed: number
  /** One phase, `steady`, spanning the run. */
  phases(): { name: string; startMs: number; endMs: number }[]
}

const EXAMPLE = 'perSecond: 1_000, durationMs: 10_000, seed: 42'

const positive = (name: string, value: number): void => {
  if (!Number.isFinite(value) || value <= 0) {
    throw new LoadSpecError(
      `poissonArrivals: ${name} must be a finite number > 0, got ${String(value)}. Example: poissonArrivals({ ${EXAMPLE} }).`,
    )
  }
}

/** A stretch of a run at one rate. */
export interface RateSegment {
  readonly startMs: number
  readonly endMs: number
  /** Mean decisions per second within the stretch. */
  readonly perSecond: number
}

/**
 * Draws of `seededRng(seed)` skipped before the first gap. Its first two draws follow the seed
 * almost linearly (the first is ~1 for small seeds, which would open every run with a gap of
 * up to ~37 mean gaps); from the third on they look uniform.
 */
const WARM_UP_DRAWS = 4

/**
 * Arrivals of a Poisson process whose rate is constant within each of `segments` (in time
 * order): exponential gaps by inverse transform, `-ln(1 - U) / rate`, from `seededRng(seed)`.
 * The process restarts at each segment, which is exact as it is memoryless. Shared with
 * `burstArrivals`.
 */
export function drawPoissonOffsets(seed: number, segments: readonly RateSegment[]): Float64Array {
  const rng = seededRng(seed)
  for (let i = 0; i < WARM_UP_DRAWS; i++) rng.next()
  // log1p(-u) is ln(1 - u) without rounding 1 - u; u < 1, so every gap is finite.
  const gap = (ratePerMs: number): number => -Math.log1p(-rng.next()) / ratePerMs
  const offsets: number[] = []
  for (const { startMs, endMs, perSecond } of segments) {
    const ratePerMs = perSecond / 1000
    for (let t = startMs + gap(ratePerMs); t < endMs; t += gap(ratePerMs)) offsets.push(t)
  }
  return Float64Array.from(offsets)
}

/**
 * Decisions as a Poisson process at `perSecond` for `durationMs`: gaps are independent and
 * exponential with mean `1000 / perSecond` ms, drawn from `seededRng(seed)` and precomputed. The
 * count is random (mean `perSecond * durationMs / 1000`) but fixed by the seed.
 *
 * @example
 * const load = poissonArrivals({ perSecond: 1_000, durationMs: 10_000, seed: 42 }) // ~10,000 decisions
 */
export function poissonArrivals(options: PoissonArrivalsOptions): PoissonArrivalsSchedule {
  const { perSecond, durationMs, seed } = options
  positive('perSecond', perSecond)
  positive('durationMs', durationMs)
  if (!Number.isInteger(seed)) {
    throw new LoadSpecError(
      `poissonArrivals: seed must be an integer, got ${String(seed)}. Example: poissonArrivals({ ${EXAMPLE} }).`,
    )
  }
  const expected = (perSecond * durationMs) / 1000
  if (expected < 1) {
    throw new LoadSpecError(
      `poissonArrivals: ${perSecond}/s for ${durationMs} ms expects ${expected} decisions. Raise perSecond or durationMs so that perSecond * durationMs / 1000 >= 1.`,
    )
  }
  const offsets = drawPoissonOffsets(seed, [{ startMs: 0, endMs: durationMs, perSecond }])
  if (offsets.length === 0) {
    throw new LoadSpecError(
      `poissonArrivals: seed ${seed} drew no decision in ${durationMs} ms at ${perSecond}/s (expected ${expected}). Raise perSecond or durationMs, or pick another seed.`,
    )
  }
  const count = offsets.length
  return {
    kind: 'poisson',
    perSecond,
    seed,
    durationMs,
    count,
    offsetMs(index) {
      const offset = offsets[index]
      if (offset === undefined) {
        throw new RangeError(`poissonArrivals: index ${index} is outside 0..${count - 1}.`)
      }
      return offset
    },
    describe: () => `poisson ${perSecond}/s for ${durationMs} ms (seed ${seed})`,
    phases: () => [{ name: 'steady', startMs: 0, endMs: durationMs }],
  }
}
