/** What selected the scenarios of a run, as the reporter sees it. */
export interface RunSelection {
  /** `-t` / `testNamePattern`, if any. */
  readonly testNamePattern?: string
  /** `--shard i/n`, if any. */
  readonly shard?: string
  /** Scenario files of the project that ran, and all of them (relative paths). */
  readonly filesRun: readonly string[]
  readonly filesAll: readonly string[]
  /** Scenario tests skipped (by `-t`, `.skip` or `.only`). */
  readonly skippedTests: number
}

/** The folder a partial run writes its reports into, inside the reports folder. */
export const PARTIAL_DIR = 'partial'

/**
 * Why a run is not the whole suite (a `-t` filter, file filters, a shard, skipped scenarios),
 * or undefined when every scenario of the project ran. A partial run is never the
 * certification: its report says so and is written beside the full run's.
 *
 * @example
 * partialFilter({ testNamePattern: 'flash_crash', filesRun: ['a'], filesAll: ['a', 'b'], skippedTests: 8 })
 * // '-t "flash_crash"; 1 of 2 scenario files; 8 scenarios skipped'
 */
export function partialFilter(selection: RunSelection): string | undefined {
  const parts: string[] = []
  if (selection.testNamePattern !== undefined) parts.push(`-t "${selection.testNamePattern}"`)
  if (selection.shard !== undefined) parts.push(`--shard ${selection.shard}`)
  const ran = new Set(selection.filesRun)
  const missing = selection.filesAll.filter((f) => !ran.has(f))
  if (missing.length > 0) {
    parts.push(
      `${selection.filesAll.length - missing.length} of ${selection.filesAll.length} scenario files`,
    )
  }
  if (selection.skippedTests > 0) {
    const n = selection.skippedTests
    parts.push(`${n} scenario${n === 1 ? '' : 's'} skipped`)
  }
  return parts.length > 0 ? parts.join('; ') : undefined
}
