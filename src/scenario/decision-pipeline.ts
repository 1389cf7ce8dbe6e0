import type { Clock } from '../common/clock.js'
import type { RedisState } from '../store/redis-state.js'

/** What went through the Redis decision queue. */
export interface PipelineReport {
  readonly published: number
  readonly consumed: number
  /** Entries still past the consumer's cursor after the drain: the "Redis backlog". */
  readonly backlog: number
  /** Publish or read failures, verbatim (the first few). */
  readonly errors: readonly string[]
}

/** A running decision pipeline. */
export interface DecisionPipeline {
  publish(decision: { id: string; intendedMs: number; verdict: string }): void
  /** Waits for every publish and for the consumer to catch up (at most `timeoutMs`), then stops it. */
  drain(timeoutMs: number): Promise<PipelineReport>
}

const MAX_ERRORS = 10

/**
 * Decisions flow governor -> Redis stream -> consumer, as in the seed platform: every verdict is
 * XADDed with its intended start, and a consumer polls the stream with its own cursor and
 * reports each entry's latency from intended start to read (the pipeline latency).
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
  let published = 0
  let consumed = 0
  let stopping = false
  const note = (error: unknown): void => {
    options.onError?.(error)
    if (errors.length < MAX_ERRORS) errors.push((error as Error).message ?? String(error))
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
        }
      } catch (error) {
        note(error)
      }
      if (stopping && read === 0 && inFlight.size === 0) return
      if (read === 0) await new Promise((resolve) => setTimeout(resolve, pollMs))
    }
  })()

  return {
    publish(decision) {
      published++
      const write = state
        .enqueueDecision({
          id: decision.id,
          intendedMs: String(decision.intendedMs),
          verdict: decision.verdict,
        })
        .catch(note)
      inFlight.add(write)
      void write.finally(() => inFlight.delete(write))
    },
    async drain(timeoutMs) {
      stopping = true
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        Promise.allSettled([...inFlight]).then(() => consumer),
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs)
        }),
      ])
      clearTimeout(timer)
      let backlog = published - consumed
      try {
        backlog = await state.backlog()
      } catch (error) {
        note(error)
      }
      return { published, consumed, backlog, errors: [...errors] }
    },
  }
}
