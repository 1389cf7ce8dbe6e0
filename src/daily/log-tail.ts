import { readFileSync } from 'node:fs'

/**
 * The last `lines` lines of a log file, or '' when it cannot be read: what an error message
 * shows of a server that did not come up.
 *
 * @example
 * logTail('.stressgate/daily/logs/postgres.log', 5)
 */
export function logTail(file: string, lines = 15): string {
  try {
    const text = readFileSync(file, 'utf8')
    return text.trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return ''
  }
}
