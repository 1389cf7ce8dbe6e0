import { FaultSpecError } from './fault-error.js'
import type { ResolvedToxic, ToxicStream, ToxicType } from './toxic.js'

interface AttributeSpec {
  readonly name: string
  readonly unit: string
  /** Absent: the attribute is required. */
  readonly default?: number
  readonly integer?: boolean
  /** Smallest allowed value. @default 0 */
  readonly min?: number
}

const ATTRIBUTES: Record<ToxicType, readonly AttributeSpec[]> = {
  latency: [
    { name: 'latency', unit: 'ms' },
    { name: 'jitter', unit: 'ms', default: 0 },
  ],
  bandwidth: [{ name: 'rate', unit: 'KB/s', min: Number.MIN_VALUE }],
  slow_close: [{ name: 'delay', unit: 'ms' }],
  timeout: [{ name: 'timeout', unit: 'ms' }],
  reset_peer: [{ name: 'timeout', unit: 'ms' }],
  slicer: [
    { name: 'average_size', unit: 'bytes', integer: true, min: 1 },
    { name: 'size_variation', unit: 'bytes', integer: true, default: 0 },
    { name: 'delay', unit: 'microseconds', default: 0 },
  ],
  limit_data: [{ name: 'bytes', unit: 'bytes', integer: true }],
}

/** Toxiproxy's toxic types this proxy implements. */
export const TOXIC_TYPES = Object.keys(ATTRIBUTES) as readonly ToxicType[]

const STREAMS: readonly ToxicStream[] = ['downstream', 'upstream']
const EXAMPLE = `{ type: 'latency', attributes: { latency: 100 } }`

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const shown = (value: unknown): string =>
  typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value))

function attribute(where: string, spec: AttributeSpec, value: unknown): number {
  if (value === undefined) {
    if (spec.default !== undefined) return spec.default
    throw new FaultSpecError(
      `${where}: attributes.${spec.name} is required (${spec.unit}). Example: ${spec.name}: 100.`,
    )
  }
  const min = spec.min ?? 0
  const kind = spec.integer ? 'an integer' : 'a number'
  const bound = min === Number.MIN_VALUE ? '> 0' : `>= ${min}`
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    (spec.integer && !Number.isInteger(value))
  ) {
    throw new FaultSpecError(
      `${where}: attributes.${spec.name} must be ${kind} ${bound} (${spec.unit}), got ${shown(value)}. Fix: give a ${bound === '> 0' ? 'positive' : 'non-negative'} ${spec.unit} value.`,
    )
  }
  return value
}

/**
 * Checks a toxic given as data (a scenario file, JSON) and fills in Toxiproxy's defaults. Throws
 * {@link FaultSpecError} naming the bad field, the allowed values and the fix.
 *
 * @example
 * validateToxic({ type: 'latency', attributes: { latency: 100 } })
 * // { name: 'latency_downstream', type: 'latency', stream: 'downstream', toxicity: 1,
 * //   attributes: { latency: 100, jitter: 0 } }
 */
export function validateToxic(input: unknown, takenNames: readonly string[] = []): ResolvedToxic {
  if (!isRecord(input)) {
    throw new FaultSpecError(`A toxic must be an object, got ${shown(input)}. Example: ${EXAMPLE}.`)
  }
  const type = input.type
  if (typeof type !== 'string' || !Object.hasOwn(ATTRIBUTES, type)) {
    throw new FaultSpecError(
      `Unknown toxic type ${shown(type)}. Allowed: ${TOXIC_TYPES.join(', ')}. Example: ${EXAMPLE}.`,
    )
  }
  const specs = ATTRIBUTES[type as ToxicType]
  const stream = input.stream ?? 'downstream'
  if (typeof stream !== 'string' || !STREAMS.includes(stream as ToxicStream)) {
    throw new FaultSpecError(
      `Toxic ${type}: stream must be 'downstream' (server -> client) or 'upstream' (client -> server), got ${shown(stream)}.`,
    )
  }
  const name = input.name ?? `${type}_${stream}`
  if (typeof name !== 'string' || name.length === 0) {
    throw new FaultSpecError(
      `Toxic ${type}: name must be a non-empty string, got ${shown(name)}. Omit it for '${type}_${stream}'.`,
    )
  }
  const where = `Toxic '${name}' (${type})`
  if (takenNames.includes(name)) {
    throw new FaultSpecError(
      `${where}: a toxic named '${name}' is already on this proxy. Remove it first (removeToxic('${name}')) or give this one another name.`,
    )
  }
  const toxicity = input.toxicity ?? 1
  if (typeof toxicity !== 'number' || !(toxicity >= 0 && toxicity <= 1)) {
    throw new FaultSpecError(
      `${where}: toxicity must be a probability from 0 to 1, got ${shown(toxicity)}. Example: toxicity: 0.5 (half of the connections).`,
    )
  }
  const given = input.attributes ?? {}
  if (!isRecord(given)) {
    throw new FaultSpecError(
      `${where}: attributes must be an object, got ${shown(given)}. Example: ${EXAMPLE}.`,
    )
  }
  const allowed = specs.map((s) => s.name)
  for (const key of Object.keys(given)) {
    if (!allowed.includes(key)) {
      throw new FaultSpecError(
        `${where}: unknown attribute '${key}'. Allowed for ${type}: ${allowed.join(', ')}.`,
      )
    }
  }
  const attributes: Record<string, number> = {}
  for (const spec of specs) attributes[spec.name] = attribute(where, spec, given[spec.name])
  if (type === 'slicer' && (attributes.size_variation ?? 0) >= (attributes.average_size ?? 1)) {
    throw new FaultSpecError(
      `${where}: size_variation (${attributes.size_variation}) must be smaller than average_size (${attributes.average_size}). Fix: lower size_variation.`,
    )
  }
  return { name, type, stream, toxicity, attributes } as ResolvedToxic
}
