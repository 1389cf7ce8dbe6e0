import type { Rng } from '../common/random.js'
import { BrokerSpecError, checkNumber } from './broker-error.js'

/** A latency distribution, in ms, as plain data. Build one with the factories below. */
export type LatencySpec =
  | { readonly kind: 'constant'; readonly ms: number }
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number }
  | { readonly kind: 'lognormal'; readonly medianMs: number; readonly p99Ms: number }

/** Draws one latency in ms. */
export type LatencySampler = () => number

/** z of the 99th percentile of the standard normal (2.3263 rounded). */
export const Z_P99 = 2.3263478740408408

/**
 * Always `ms`.
 *
 * @example
 * constantLatency(2) // every order acks 2 ms after entry
 */
export function constantLatency(ms: number): LatencySpec {
  const spec = { kind: 'constant', ms } as const
  validateLatency(spec)
  return spec
}

/**
 * Uniform on [minMs, maxMs].
 *
 * @example
 * uniformLatency(1, 3)
 */
export function uniformLatency(minMs: number, maxMs: number): LatencySpec {
  const spec = { kind: 'uniform', minMs, maxMs } as const
  validateLatency(spec)
  return spec
}

/**
 * Lognormal with the given median and 99th percentile: mu = ln(median),
 * sigma = ln(p99 / median) / 2.3263 (the z of the 99th percentile), sample = exp(mu + sigma * z)
 * with z ~ N(0, 1). Heavy right tail, like real venue round trips.
 *
 * @example
 * lognormalLatency({ medianMs: 0.8, p99Ms: 5 })
 */
export function lognormalLatency(options: { medianMs: number; p99Ms: number }): LatencySpec {
  const spec = { kind: 'lognormal', medianMs: options.medianMs, p99Ms: options.p99Ms } as const
  validateLatency(spec)
  return spec
}

/**
 * Throws {@link BrokerSpecError} naming the bad field unless `spec` is a usable distribution.
 *
 * @example
 * validateLatency({ kind: 'uniform', minMs: 3, maxMs: 1 }, 'fillLatency') // throws: maxMs = 1 ...
 */
export function validateLatency(spec: LatencySpec, name = 'latency'): void {
  const kind = (spec as { kind?: unknown } | undefined)?.kind
  switch (kind) {
    case 'constant': {
      const s = spec as Extract<LatencySpec, { kind: 'constant' }>
      checkNumber(name, 'ms', s.ms, s.ms >= 0, 'ms >= 0', 'constantLatency(1)')
      return
    }
    case 'uniform': {
      const s = spec as Extract<LatencySpec, { kind: 'uniform' }>
      checkNumber(name, 'minMs', s.minMs, s.minMs >= 0, 'minMs >= 0', 'uniformLatency(1, 3)')
      checkNumber(
        name,
        'maxMs',
        s.maxMs,
        s.maxMs >= s.minMs,
        'maxMs >= minMs',
        'uniformLatency(1, 3)',
      )
      return
    }
    case 'lognormal': {
      const s = spec as Extract<LatencySpec, { kind: 'lognormal' }>
      const example = 'lognormalLatency({ medianMs: 0.8, p99Ms: 5 })'
      checkNumber(name, 'medianMs', s.medianMs, s.medianMs > 0, 'medianMs > 0', example)
      checkNumber(
        name,
        'p99Ms',
        s.p99Ms,
        s.p99Ms > s.medianMs,
        `p99Ms > medianMs (${s.medianMs}); for no spread use constantLatency`,
        example,
      )
      return
    }
    default:
      throw new BrokerSpecError(
        `${name}: kind = ${JSON.stringify(kind)} is not a latency distribution; allowed: 'constant', 'uniform', 'lognormal'. Example: constantLatency(1), uniformLatency(1, 3) or lognormalLatency({ medianMs: 0.8, p99Ms: 5 }).`,
      )
  }
}

/**
 * A sampler drawing from `spec` with `rng`; validates the spec first.
 *
 * @example
 * const sample = latencySampler(lognormalLatency({ medianMs: 1, p99Ms: 4 }), seededRng(42))
 * sample() // e.g. 0.93
 */
export function latencySampler(spec: LatencySpec, rng: Rng, name?: string): LatencySampler {
  validateLatency(spec, name)
  switch (spec.kind) {
    case 'constant':
      return () => spec.ms
    case 'uniform':
      return () => spec.minMs + (spec.maxMs - spec.minMs) * rng.next()
    case 'lognormal': {
      const mu = Math.log(spec.medianMs)
      const sigma = Math.log(spec.p99Ms / spec.medianMs) / Z_P99
      return () => Math.exp(mu + sigma * rng.normal())
    }
  }
}
