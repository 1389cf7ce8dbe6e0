import { delayQueueStage } from './delay-queue.js'
import type { Chunk, StageContext, StageOutput, ToxicStage } from './toxic-stage.js'

/** Toxiproxy sends large chunks in pieces of 100 ms worth of bytes. */
const PIECE_MS = 100

/**
 * Toxiproxy's `bandwidth`: data leaves at `rate` KB/s (1 KB = 1000 bytes, so `rate` bytes per
 * ms), chunks larger than 100 ms worth cut in 100 ms pieces. Due times chain from the previous
 * piece's, so timer lateness does not accumulate into a lower rate.
 *
 * @example
 * const stage = bandwidthStage(out, context, { rate: 50 }) // 50 KB/s
 */
export function bandwidthStage(
  out: StageOutput,
  context: StageContext,
  attributes: { readonly rate: number },
): ToxicStage {
  const bytesPerMs = attributes.rate
  const pieceBytes = Math.max(1, Math.floor(bytesPerMs * PIECE_MS))
  let lastDue = Number.NEGATIVE_INFINITY
  const split = (chunk: Chunk): Chunk[] => {
    const pieces: Chunk[] = []
    for (let at = 0; at < chunk.data.length; at += pieceBytes) {
      pieces.push({ data: chunk.data.subarray(at, at + pieceBytes), readAt: chunk.readAt })
    }
    return pieces
  }
  return delayQueueStage(out, context, {
    dueTime: (item, now) => {
      if (item.kind === 'end') return now
      lastDue = Math.max(now, lastDue) + item.chunk.data.length / bytesPerMs
      return lastDue
    },
    split,
  })
}
