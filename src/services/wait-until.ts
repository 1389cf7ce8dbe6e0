/**
 * Calls `probe` until it resolves, every `intervalMs`, for at most `timeoutMs`; then rejects with
 * the last error. `abort` stops early (e.g. the server process died).
 *
 * @example
 * await waitUntil(() => redis.ping(), { timeoutMs: 10_000 })
 */
export async function waitUntil<T>(
  probe: () => Promise<T>,
  options: { timeoutMs: number; intervalMs?: number; abort?: () => string | undefined },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs
  let lastError: unknown
  for (;;) {
    const aborted = options.abort?.()
    if (aborted !== undefined) throw new Error(aborted, { cause: lastError })
    try {
      return await probe()
    } catch (error) {
      lastError = error
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? lastError.message : String(lastError)
      throw new Error(`not ready within ${options.timeoutMs} ms (last error: ${why})`, {
        cause: lastError,
      })
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100))
  }
}
