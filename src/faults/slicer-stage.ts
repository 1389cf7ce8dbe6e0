import { delayQueueStage } from './delay-queue.js'
import type { Chunk, StageContext, StageOutput, ToxicStage } from './toxic-stage.js'

/** Attributes of the slicer toxic (Toxiproxy's names). */
export interface SlicerAttributes {
  readonly average_size: number
  readonly size_variation: number
  /** Microseconds to wait after each slice. */
  readonly delay: number
}

/**
 * Where to cut `length` bytes: Toxiproxy's recursive halving, each half moved by up to
 * ± `size_variation`, until a piece is within `size_variation` of `average_size`. Returns the
 * slice sizes, which add up to `length`.
 *
 * @example
 * sliceSizes(100, { average_size: 10, size_variation: 0, delay: 0 }, Math.random)
 * // [6, 6, 6, 7, 6, 6, 6, 7, 6, 6, 6, 7, 6, 6, 6, 7]
 */
export function sliceSizes(
  length: number,
  attributes: SlicerAttributes,
  random: () => number,
): number[] {
  const { average_size: average, size_variation: variation } = attributes
  const sizes: number[] = []
  const cut = (start: number, end: number): void => {
    if (end - start - average <= variation) {
      if (end > start) sizes.push(end - start)
      return
    }
    const shift = variation > 0 ? Math.floor(random() * variation * 2) - variation : 0
    const mid = start + Math.floor((end - start) / 2) + shift
    cut(start, mid)
    cut(mid, end)
  }
  cut(0, length)
  return sizes
}

/**
 * Toxiproxy's `slicer`: cuts each chunk into slices of about `average_size` bytes and waits
 * `delay` microseconds after each one, so the reader sees many small reads.
 *
 * @example
 * const stage = slicerStage(out, context, { average_size: 10, size_variation: 5, delay: 1000 })
 */
export function slicerStage(
  out: StageOutput,
  context: StageContext,
  attributes: SlicerAttributes,
): ToxicStage {
  const delayMs = attributes.delay / 1_000
  const split = (chunk: Chunk): Chunk[] => {
    const slices: Chunk[] = []
    let at = 0
    for (const size of sliceSizes(chunk.data.length, attributes, context.random)) {
      slices.push({ data: chunk.data.subarray(at, at + size), readAt: chunk.readAt })
      at += size
    }
    return slices
  }
  return delayQueueStage(out, context, {
    // The wait follows each slice's actual departure: a late timer must not let the next
    // slices out together, or the reader would see them merged.
    dueTime: (item, now, lastEmitAt) =>
      item.kind === 'end' ? now : Math.max(now, lastEmitAt + delayMs),
    split,
  })
}
