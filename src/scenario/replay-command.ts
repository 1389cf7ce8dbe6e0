/** What a replay needs: where the scenario's test is, and what made its run what it was. */
export interface ReplayTarget {
  /** The test file, relative to the project root. */
  readonly file: string
  /** The test's full name (its describe blocks and its own name, space-separated). */
  readonly test: string
  readonly seed: number
  readonly time: 'simulated' | 'real'
}

const shellQuote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`
const regexEscape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The one command that runs a scenario again exactly as it ran: its file, only its test, its
 * seed and its clock. In simulated time the replay gives the same digest.
 *
 * @example
 * replayCommand({ file: 'scenarios/broker-failure.stress.ts', test: 'broker_failure', seed: 11, time: 'simulated' })
 * // "STRESSGATE_TIME=simulated STRESSGATE_SEED=11 npx vitest run --project stress scenarios/broker-failure.stress.ts -t '^broker_failure$'"
 */
export function replayCommand(target: ReplayTarget): string {
  return [
    `STRESSGATE_TIME=${target.time}`,
    `STRESSGATE_SEED=${target.seed}`,
    'npx vitest run --project stress',
    shellQuote(target.file).replace(/^'([\w./-]+)'$/, '$1'),
    '-t',
    shellQuote(`^${regexEscape(target.test)}$`),
  ].join(' ')
}
