import type { Clock } from '../common/clock.js'
import { settleWithin } from '../common/settle-within.js'
import { createHistogram, toMicros } from '../metrics/hdr.js'
import type { RedisState } from '../store/redis-state.js'

/** What went through the Redis decision queue. */
export interface PipelineReport {
  readonly published: number
  readonly consumed: number
  /** Entries still queued after the drain: the "Redis backlog". */
  readonly backlog: number
  /** Publish or read failures, verbatim (the first few). */
  readonly errors: readonly string[]
  /**
   * The harness' own part of the pipeline latency: from the verdict to the consumer's read
   * (batching, Redis, polling), p99 and max in ms. The rest of it is the decision's latency.
   */
  readonly queueP99Ms?: number
  readonly queueMaxMs?: number
  /** Batches written (one RPUSH each). */
  readonly batches?: number
}

/** A running decision pipeline. */
export interface DecisionPipeline {
  publish(decision: { id: string; intendedMs: number; verdict: string }): void
  /** Waits for every publish and for the consumer to catch up (at most `timeoutMs`), then stops it. */
  drain(timeoutMs: number): Promise<PipelineReport>
}

const MAX_ERRORS = 10

/**
 * Decisions flow governor -> Redis queue -> consumer, as in the seed platform: every verdict is
 * queued with its intended start, and a consumer polls the queue and reports each entry's
 * latency from intended start to read (the pipeline latency). Verdicts published in one turn
 * of the event loop go to Redis as one batch (one RPUSH, one promise), and the consumer takes
 * up to `batch` at a time, so the harness' work on the measuring thread is per batch, not per
 * decision. The time from verdict to read is the harness' own, reported apart.
 *
 * @example
 * const pipeline = startDecisionPipeline(state, clock, (ms) => telemetry.pipeline(ms))
 * pipeline.publish({ id: 'd1', intendedMs: clock.now(), verdict: 'approve' })
 * const { backlog } = await pipeline.drain(5_000)
 */
export function startDecisionPipeline(
  state: RedisState,
  clock: Clock,
  onConsumed: (latencyMs: number) => void,
  options: { pollMs?: number; batch?: number; onError?: (error: unknown) => void } = {},
): DecisionPipeline {
  const pollMs = options.pollMs ?? 2
  const batch = options.batch ?? 1_000
  const inFlight = new Set<Promise<unknown>>()
  const errors: string[] = []
  const queue = createHistogram()
  let buffer: Record<string, string>[] = []
  let flushScheduled = false
  let published = 0
  let consumed = 0
  let batches = 0
  let stopping = false
  const note = (error: unknown): void => {
    options.onError?.(error)
    if (errors.length < MAX_ERRORS) errors.push((error as Error).message ?? String(error))
  }
  const flush = (): void => {
    flushScheduled = false
    if (buffer.length === 0) return
    const sending = buffer
    buffer = []
    batches++
    const write = state.enqueueDecisions(sending).catch(note)
    inFlight.add(write)
    void write.finally(() => inFlight.delete(write))
  }
  const consumer = (async () => {
    for (;;) {
      let read = 0
      try {
        const entries = await state.takeDecisions(batch)
        read = entries.length
        const now = clock.now()
        for (const entry of entries) {
          consumed++
          onConsumed(now - Number(entry.fields.intendedMs))
          queue.recordValue(toMicros(now - Number(entry.fields.publishedMs)))
        }
      } catch (error) {
        note(error)
      }
      if (stopping && read === 0 && inFlight.size === 0 && buffer.length === 0) return
      if (read === 0) await new Promise((resolve) => setTimeout(resolve, pollMs))
    }
  })()

  return {
    publish(decision) {
      published++
      buffer.push({
        id: decision.id,
        intendedMs: String(decision.intendedMs),
        publishedMs: String(clock.now()),
        verdict: decision.verdict,
      })
      if (flushScheduled) return
      flushScheduled = true
      setImmediate(flush)
    },
    async drain(timeoutMs) {
      stopping = true
      flush()
      await settleWithin(
        Promise.allSettled([...inFlight]).then(() => consumer),
        timeoutMs,
      )
      let backlog = published - consumed
      try {
        backlog = await state.backlog()
      } catch (error) {
        note(error)
      }
      const report: PipelineReport = {
        published,
        consumed,
        backlog,
        errors: [...errors],
        ...(queue.totalCount > 0
          ? {
              queueP99Ms: queue.getValueAtPercentile(99) / 1000,
              queueMaxMs: queue.maxValue / 1000,
            }
          : {}),
        batches,
      }
      // Freed once the consumer stopped (it may still be reading after a timed-out drain).
      void consumer.then(() => queue.destroy())
      return report
    },
  }
}
