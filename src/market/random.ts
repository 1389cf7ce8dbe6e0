import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'

/** A seeded source of randomness. Everything random in a run draws from one of these. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Standard normal N(0, 1). */
  normal(): number
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number
}

/**
 * A deterministic generator (xoroshiro128+ from pure-rand) seeded with a 32-bit integer; normals
 * by Box-Muller. The same seed always gives the same sequence on every machine.
 *
 * @example
 * const rng = seededRng(42)
 * rng.next() // same value on every run
 */
export function seededRng(seed: number): Rng {
  if (!Number.isInteger(seed)) {
    throw new RangeError(`seed must be an integer, got ${String(seed)}. Example: seed: 42.`)
  }
  const generator = xoroshiro128plus(seed | 0)
  let spare: number | undefined
  const next = (): number => uniformFloat64(generator)
  return {
    next,
    normal() {
      if (spare !== undefined) {
        const value = spare
        spare = undefined
        return value
      }
      const u = 1 - next()
      const v = next()
      const radius = Math.sqrt(-2 * Math.log(u))
      spare = radius * Math.sin(2 * Math.PI * v)
      return radius * Math.cos(2 * Math.PI * v)
    },
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
  }
}
