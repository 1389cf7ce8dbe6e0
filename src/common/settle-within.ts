import type { Clock } from './clock.js'

/**
 * Waits for `work` to settle (fulfilled or rejected: its outcome is the caller's to handle) for
 * at most `timeoutMs` (of `clock`, e.g. a simulation's; default a real timer). Resolves true when
 * it settled in time, false when the time ran out; the timer never outlives the wait.
 *
 * @example
 * if (!(await settleWithin(pool.query('select 1'), 2_000))) console.warn('no answer in 2 s')
 */
export async function settleWithin(
  work: PromiseLike<unknown>,
  timeoutMs: number,
  clock?: Clock,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<false>((resolve) => {
    if (clock) void clock.sleepUntil(clock.now() + timeoutMs).then(() => resolve(false))
    else timer = setTimeout(() => resolve(false), timeoutMs)
  })
  try {
    return await Promise.race([
      Promise.resolve(work).then(
        () => true,
        () => true,
      ),
      timedOut,
    ])
  } finally {
    clearTimeout(timer)
  }
}
