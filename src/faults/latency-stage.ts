import { delayQueueStage } from './delay-queue.js'
import type { StageContext, StageOutput, ToxicStage } from './toxic-stage.js'

/**
 * Toxiproxy's `latency`: each chunk leaves `latency` ± `jitter` ms (uniform) after its timestamp
 * (when the proxy read it, moved on by earlier latency toxics), in order. Two latency toxics on a
 * stream add up; time a chunk spent in a bandwidth or slicer toxic counts towards the latency, as
 * with Toxiproxy's timestamps.
 *
 * @example
 * const stage = latencyStage(out, context, { latency: 100, jitter: 10 })
 */
export function latencyStage(
  out: StageOutput,
  context: StageContext,
  attributes: { readonly latency: number; readonly jitter: number },
): ToxicStage {
  const { latency, jitter } = attributes
  return delayQueueStage(out, context, {
    dueTime: (item, now) =>
      item.kind === 'data'
        ? item.chunk.readAt + latency + (jitter > 0 ? (context.random() * 2 - 1) * jitter : 0)
        : now,
    restamp: true,
  })
}
