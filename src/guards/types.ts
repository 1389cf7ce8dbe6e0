/** How a pre-flight check came out: `fail` blocks the run, `warn` does not. */
export type GuardStatus = 'ok' | 'warn' | 'fail'

/** The outcome of one pre-flight check. */
export interface GuardResult {
  /** Short name printed in the report, e.g. `toolchain`, `ports`, `redis`. */
  readonly name: string
  readonly status: GuardStatus
  /** What was found, in one line. */
  readonly detail: string
  /** What to do about a `warn` or `fail`. */
  readonly fix?: string
}

/** The worst status of a list (`fail` > `warn` > `ok`). */
export function worstStatus(statuses: readonly GuardStatus[]): GuardStatus {
  if (statuses.includes('fail')) return 'fail'
  if (statuses.includes('warn')) return 'warn'
  return 'ok'
}

/** A check that threw instead of answering is a failed check, named. */
export async function guarded(
  name: string,
  check: () => Promise<GuardResult>,
): Promise<GuardResult> {
  try {
    return await check()
  } catch (error) {
    return {
      name,
      status: 'fail',
      detail: `the check itself failed: ${(error as Error)?.message ?? String(error)}`,
    }
  }
}
