import { createHash, type Hash } from 'node:crypto'

/** Lines kept verbatim: a run this short shows its whole event sequence in the report. */
export const EVENT_LOG_LINES = 400

/**
 * The canonical log of a run: every decision answered, every order the engine sent by itself,
 * every fill and every order closed unfilled, in the order the harness saw them, with times as
 * offsets from the start of the run. Hashed as it grows (SHA-256), so a six-hour run costs no
 * memory. In simulated time the same seed and engine give the same digest in any process on
 * any machine; in real time the digest names the run but timing makes it differ run to run.
 *
 * @example
 * const log = new RunDigest()
 * log.line('D', 0, 'flash_crash-0', 'buy', 100, 'approve')
 * log.digest() // 'a3f1...' (64 hex digits)
 */
export class RunDigest {
  readonly #hash: Hash = createHash('sha256')
  readonly #kept: string[] = []
  #lines = 0

  /** Appends one event: its kind, then its fields, space-separated. */
  line(kind: string, ...fields: readonly (string | number | boolean | undefined)[]): void {
    const text = `${kind} ${fields.map((f) => (f === undefined ? '-' : String(f))).join(' ')}`
    this.#hash.update(text)
    this.#hash.update('\n')
    if (this.#lines < EVENT_LOG_LINES) this.#kept.push(text)
    this.#lines++
  }

  get lines(): number {
    return this.#lines
  }

  /** Hex SHA-256 of the log so far. Call once, at the end of the run. */
  digest(): string {
    return this.#hash.copy().digest('hex')
  }

  /** The whole log, when it is short enough to have been kept. */
  eventLog(): readonly string[] | undefined {
    return this.#lines <= EVENT_LOG_LINES ? [...this.#kept] : undefined
  }
}
