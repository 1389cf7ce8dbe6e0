import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'
import { InvalidOptionError } from './invalid-option-error.js'

/** A seeded source of randomness. Everything random in a run draws from one of these. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Standard normal N(0, 1). */
  normal(): number
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number
}

const WARM_UP_DRAWS = 16

/** MurmurHash3's 32-bit finaliser: neighbouring seeds become unrelated states. */
function mix32(seed: number): number {
  let h = seed >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) | 0
}

/**
 * A deterministic generator (xoroshiro128+ from pure-rand) seeded with a 32-bit integer
 * (scrambled, then warmed up); normals by Box-Muller. The same seed always gives the same sequence on every machine.
 *
 * @example
 * const rng = seededRng(42)
 * rng.next() // same value on every run
 */
export function seededRng(seed: number): Rng {
  if (!Number.isInteger(seed)) {
    throw new InvalidOptionError(`seed must be an integer, got ${String(seed)}. Example: seed: 42.`)
  }
  const generator = xoroshiro128plus(mix32(seed | 0))
  // xoroshiro128+ seeded from a small state starts near 1.0 and tracks the seed for its first
  // draws: the seed is scrambled above and the warm-up draws are thrown away.
  for (let i = 0; i < WARM_UP_DRAWS; i++) uniformFloat64(generator)
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
