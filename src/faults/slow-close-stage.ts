import { delayQueueStage } from './delay-queue.js'
import type { StageContext, StageOutput, ToxicStage } from './toxic-stage.js'

/**
 * Toxiproxy's `slow_close`: data passes untouched; the end of the stream (the FIN) is held back
 * `delay` ms.
 *
 * @example
 * const stage = slowCloseStage(out, context, { delay: 500 })
 */
export function slowCloseStage(
  out: StageOutput,
  context: StageContext,
  attributes: { readonly delay: number },
): ToxicStage {
  return delayQueueStage(out, context, {
    dueTime: (item, now) => (item.kind === 'end' ? now + attributes.delay : now),
  })
}
