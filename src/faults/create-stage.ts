import { bandwidthStage } from './bandwidth-stage.js'
import { latencyStage } from './latency-stage.js'
import { limitDataStage } from './limit-data-stage.js'
import { resetPeerStage } from './reset-peer-stage.js'
import { slicerStage } from './slicer-stage.js'
import { slowCloseStage } from './slow-close-stage.js'
import { timeoutStage } from './timeout-stage.js'
import type { ResolvedToxic } from './toxic.js'
import {
  passThroughStage,
  type StageContext,
  type StageOutput,
  type ToxicStage,
} from './toxic-stage.js'

/**
 * The stage of `toxic` for one stream of one connection: the toxic itself with probability
 * `toxicity`, else a pass-through (Toxiproxy draws once per connection, as here).
 *
 * @example
 * const stage = createStage(toxic, out, { now: () => performance.now(), random: Math.random })
 */
export function createStage(
  toxic: ResolvedToxic,
  out: StageOutput,
  context: StageContext,
): ToxicStage {
  if (!(context.random() < toxic.toxicity)) return passThroughStage(out)
  switch (toxic.type) {
    case 'latency':
      return latencyStage(out, context, toxic.attributes)
    case 'bandwidth':
      return bandwidthStage(out, context, toxic.attributes)
    case 'slow_close':
      return slowCloseStage(out, context, toxic.attributes)
    case 'timeout':
      return timeoutStage(out, toxic.attributes)
    case 'reset_peer':
      return resetPeerStage(out, toxic.attributes)
    case 'slicer':
      return slicerStage(out, context, toxic.attributes)
    case 'limit_data':
      return limitDataStage(out, toxic.attributes)
  }
}
