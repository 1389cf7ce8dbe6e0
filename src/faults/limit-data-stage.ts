import type { StageOutput, ToxicStage } from './toxic-stage.js'

/**
 * Toxiproxy's `limit_data`: passes exactly `bytes` bytes (counted from when the toxic met the
 * connection), then closes the connection; bytes past the limit are dropped.
 *
 * @example
 * const stage = limitDataStage(out, { bytes: 1024 })
 */
export function limitDataStage(
  out: StageOutput,
  attributes: { readonly bytes: number },
): ToxicStage {
  let remaining = attributes.bytes
  let closed = false
  const closeIfSpent = (): void => {
    if (remaining > 0 || closed) return
    closed = true
    out.close()
  }
  return {
    data: (chunk) => {
      if (closed) {
        out.drop(chunk.data.length)
        return
      }
      const size = chunk.data.length
      if (size <= remaining) {
        remaining -= size
        out.data(chunk)
      } else {
        out.data({ data: chunk.data.subarray(0, remaining), readAt: chunk.readAt })
        out.drop(size - remaining)
        remaining = 0
      }
      closeIfSpent()
    },
    end: () => {
      if (!closed) out.end()
    },
    remove: () => {},
    dispose: () => {},
  }
}
