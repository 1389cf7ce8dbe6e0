import type { Chunk, StageContext, StageOutput, ToxicStage } from './toxic-stage.js'

/** A queued piece of a stream: data, or its end. */
export type QueueItem = { readonly kind: 'data'; readonly chunk: Chunk } | { readonly kind: 'end' }

/**
 * When `item`, now at the head of the queue, may leave (ms on `context.now()`). `lastEmitAt` is
 * when the previous item actually left (-Infinity before the first).
 */
export type DueTime = (item: QueueItem, now: number, lastEmitAt: number) => number

/** How a {@link delayQueueStage} times its items. */
export interface DelayQueueOptions {
  readonly dueTime: DueTime
  /** Cuts an incoming chunk into the pieces that are queued. @default the chunk whole */
  readonly split?: (chunk: Chunk) => readonly Chunk[]
  /**
   * Stamps each chunk that leaves with its due time as its read time, so a later latency toxic
   * adds to this one instead of overlapping it (Toxiproxy's latency moves the timestamp).
   * @default false
   */
  readonly restamp?: boolean
}

/**
 * A stage that releases its items in order, each at a time computed when it reaches the head of
 * the queue. Latency, bandwidth, slicer and slow_close are this with different due times; on
 * removal everything held leaves at once (Toxiproxy: "don't drop any data on the floor").
 *
 * @example
 * const stage = delayQueueStage(out, context, { dueTime: (item, now) => now + 100 })
 */
export function delayQueueStage(
  out: StageOutput,
  context: StageContext,
  options: DelayQueueOptions,
): ToxicStage {
  const { dueTime, split = (chunk: Chunk) => [chunk], restamp = false } = options
  const items: QueueItem[] = []
  let headDue: number | undefined
  let lastEmitAt = Number.NEGATIVE_INFINITY
  let timer: NodeJS.Timeout | undefined
  let disposed = false

  const emit = (item: QueueItem, due: number | undefined): void => {
    if (item.kind === 'end') out.end()
    else if (restamp && due !== undefined && due > item.chunk.readAt)
      out.data({ data: item.chunk.data, readAt: due })
    else out.data(item.chunk)
  }
  const pump = (): void => {
    timer = undefined
    while (!disposed) {
      const head = items[0]
      if (head === undefined) return
      const now = context.now()
      headDue ??= dueTime(head, now, lastEmitAt)
      if (headDue > now) {
        timer = setTimeout(pump, headDue - now)
        return
      }
      items.shift()
      const due = headDue
      headDue = undefined
      lastEmitAt = now
      emit(head, due)
    }
  }
  const push = (item: QueueItem): void => {
    if (disposed) return
    items.push(item)
    if (timer === undefined && items.length === 1) pump()
  }
  const stop = (): void => {
    disposed = true
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }
  return {
    data: (chunk) => {
      for (const piece of split(chunk)) push({ kind: 'data', chunk: piece })
    },
    end: () => push({ kind: 'end' }),
    remove: () => {
      stop()
      for (const item of items.splice(0)) emit(item, undefined)
    },
    dispose: () => {
      stop()
      items.length = 0
    },
  }
}
