/** What a replay needs: where the scenario's test is, and what made its run what it was. */
export interface ReplayTarget {
  /** The test file, relative to the project root. */
  readonly file: string
  /** The test's full name (its describe blocks and its own name, space-separated). */
  readonly test: string
  readonly seed: number
  readonly time: 'simulated' | 'real'
  /** The engine module the run certified, when it was not the reference governor. */
  readonly engine?: string
}

const shellQuote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`
/** A word as the shell reads it: bare when it is a plain path, quoted otherwise. */
const shellWord = (text: string): string => (/^[\w./-]+$/.test(text) ? text : shellQuote(text))
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
    ...(target.engine ? [`STRESSGATE_ENGINE=${shellWord(target.engine)}`] : []),
    `STRESSGATE_TIME=${target.time}`,
    `STRESSGATE_SEED=${target.seed}`,
    'npx vitest run --project stress',
    shellWord(target.file),
    '-t',
    shellQuote(`^${regexEscape(target.test)}$`),
  ].join(' ')
}
