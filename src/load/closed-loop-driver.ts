import type { Clock } from '../common/clock.js'
import { LoadSpecError } from './load-error.js'

/** Options of {@link driveClosedLoop}. */
export interface ClosedLoopOptions {
  /** Workers, each sending its next decision when the previous one is answered. */
  readonly concurrency: number
  readonly durationMs: number
  readonly clock: Clock
  /** One decision; resolves when answered. */
  readonly fire: (index: number, worker: number) => void | PromiseLike<void>
  /** Called with each decision's latency (from its send: there is no schedule to be late to). */
  readonly onLatency: (ms: number) => void
}

/**
 * A closed loop (k6's constant-vus, wrk without -R): `concurrency` workers each wait for an
 * answer before sending again. It measures what a closed-loop tool measures, service time
 * only: a stalled engine also stalls the load, so the stall hides itself (coordinated
 * omission). Use it to find the throughput a concurrency level sustains, and the open loop to
 * judge latency.
 *
 * @example
 * const { completed } = await driveClosedLoop({ concurrency: 8, durationMs: 5_000, clock, fire, onLatency })
 */
export async function driveClosedLoop(
  options: ClosedLoopOptions,
): Promise<{ completed: number; errors: number }> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new LoadSpecError(
      `driveClosedLoop: concurrency must be an integer >= 1, got ${options.concurrency}. Example: { concurrency: 8 }.`,
    )
  }
  const { clock, fire, onLatency } = options
  const endMs = clock.now() + options.durationMs
  let next = 0
  let completed = 0
  let errors = 0
  const worker = async (id: number): Promise<void> => {
    while (clock.now() < endMs) {
      const index = next++
      const started = clock.now()
      try {
        await fire(index, id)
        completed++
      } catch {
        errors++
      }
      onLatency(clock.now() - started)
      // Let timers and I/O run between decisions of a synchronous engine.
      if (clock.now() - started < 1) await new Promise((resolve) => setImmediate(resolve))
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, (_, id) => worker(id)))
  return { completed, errors }
}
