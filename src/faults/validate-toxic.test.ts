import { describe, expect, test } from 'vitest'
import { FaultSpecError } from './fault-error.js'
import { sliceSizes } from './slicer-stage.js'
import { TOXIC_TYPES, validateToxic } from './validate-toxic.js'

describe('validateToxic', () => {
  test("fills in Toxiproxy's defaults", () => {
    expect(validateToxic({ type: 'latency', attributes: { latency: 100 } })).toEqual({
      name: 'latency_downstream',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: 100, jitter: 0 },
    })
    expect(
      validateToxic({
        name: 'chop',
        type: 'slicer',
        stream: 'upstream',
        toxicity: 0.25,
        attributes: { average_size: 8 },
      }),
    ).toEqual({
      name: 'chop',
      type: 'slicer',
      stream: 'upstream',
      toxicity: 0.25,
      attributes: { average_size: 8, size_variation: 0, delay: 0 },
    })
  })

  test('knows the seven toxic types', () => {
    expect([...TOXIC_TYPES].sort()).toEqual([
      'bandwidth',
      'latency',
      'limit_data',
      'reset_peer',
      'slicer',
      'slow_close',
      'timeout',
    ])
  })

  test('an unknown type lists the allowed ones', () => {
    expect(() => validateToxic({ type: 'latancy', attributes: {} })).toThrow(FaultSpecError)
    expect(() => validateToxic({ type: 'latancy', attributes: {} })).toThrow(
      "Unknown toxic type 'latancy'. Allowed: latency, bandwidth, slow_close, timeout, reset_peer, slicer, limit_data.",
    )
  })

  test('a negative number is named with its unit', () => {
    expect(() => validateToxic({ type: 'latency', attributes: { latency: -5 } })).toThrow(
      "Toxic 'latency_downstream' (latency): attributes.latency must be a number >= 0 (ms), got -5.",
    )
    expect(() => validateToxic({ type: 'limit_data', attributes: { bytes: 1.5 } })).toThrow(
      'attributes.bytes must be an integer >= 0 (bytes), got 1.5.',
    )
    expect(() => validateToxic({ type: 'bandwidth', attributes: { rate: 0 } })).toThrow(
      'attributes.rate must be a number > 0 (KB/s), got 0.',
    )
  })

  test('a missing, unknown or misspelled attribute is named', () => {
    expect(() => validateToxic({ type: 'timeout', attributes: {} })).toThrow(
      "Toxic 'timeout_downstream' (timeout): attributes.timeout is required (ms).",
    )
    expect(() => validateToxic({ type: 'latency', attributes: { latency: 1, jiter: 2 } })).toThrow(
      "unknown attribute 'jiter'. Allowed for latency: latency, jitter.",
    )
  })

  test('a duplicate name, a bad stream and a toxicity out of 0..1 are refused', () => {
    const toxic = { type: 'latency', attributes: { latency: 1 } } as const
    expect(() => validateToxic(toxic, ['latency_downstream'])).toThrow(
      "a toxic named 'latency_downstream' is already on this proxy. Remove it first (removeToxic('latency_downstream')) or give this one another name.",
    )
    expect(() => validateToxic({ ...toxic, stream: 'sideways' })).toThrow(
      "stream must be 'downstream' (server -> client) or 'upstream' (client -> server), got 'sideways'.",
    )
    expect(() => validateToxic({ ...toxic, toxicity: 1.5 })).toThrow(
      'toxicity must be a probability from 0 to 1, got 1.5.',
    )
  })

  test('slicer size_variation must stay below average_size', () => {
    expect(() =>
      validateToxic({ type: 'slicer', attributes: { average_size: 4, size_variation: 4 } }),
    ).toThrow('size_variation (4) must be smaller than average_size (4).')
  })
})

describe('sliceSizes', () => {
  test('slices add up to the whole and stay near the average size', () => {
    let state = 1
    const random = (): number => {
      state = (state * 16_807) % 2_147_483_647
      return state / 2_147_483_647
    }
    const sizes = sliceSizes(10_000, { average_size: 100, size_variation: 30, delay: 0 }, random)
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10_000)
    expect(sizes.length).toBeGreaterThan(50)
    for (const size of sizes) expect(size).toBeGreaterThan(0)
    for (const size of sizes) expect(size).toBeLessThanOrEqual(130)
  })

  test('without variation a 100-byte chunk becomes pieces of at most average_size', () => {
    const sizes = sliceSizes(100, { average_size: 10, size_variation: 0, delay: 0 }, () => 0.5)
    expect(sizes).toEqual([6, 6, 6, 7, 6, 6, 6, 7, 6, 6, 6, 7, 6, 6, 6, 7])
  })
})
