import type { DecisionOutcome, Verdict } from '../contract/trading.js'
import type { Breach } from '../portfolio/ledger.js'
import type { DecisionCounts } from './scenario-result.js'

const MAX_SAMPLES = 20

/** The count in the report each outcome adds to: the one map from the verdict vocabulary. */
export const OUTCOME_COUNT = {
  approve: 'approved',
  trim: 'trimmed',
  reject: 'rejected',
  error: 'errors',
} as const satisfies Record<DecisionOutcome, keyof DecisionCounts>

type Tallied = Omit<DecisionCounts, 'scheduled' | 'dispatched' | 'dropped'>

/**
 * What happened to the decisions of a run, as the harness counted it: outcomes, the first
 * errors and breaches verbatim, unfilled approvals and the engine's own orders by reason.
 *
 * @example
 * const tally = new DecisionTally()
 * tally.answered('approve')
 * tally.error('flash_crash-3: Error: boom')
 */
export class DecisionTally {
  readonly #counts = {
    approved: 0,
    trimmed: 0,
    rejected: 0,
    errors: 0,
    unanswered: 0,
    unfilled: 0,
    engineOrders: 0,
  }
  readonly #errorSamples: string[] = []
  readonly #breaches: Breach[] = []
  readonly #engineOrderReasons: Record<string, number> = {}
  #breachCount = 0

  /** A valid verdict. */
  answered(verdict: Verdict): void {
    this.#counts[OUTCOME_COUNT[verdict]]++
  }

  /** An engine error (a throw, an invalid verdict, no answer): counted, the first few kept. */
  error(message: string): void {
    this.#counts.errors++
    if (this.#errorSamples.length < MAX_SAMPLES) this.#errorSamples.push(message)
  }

  /** A decision the engine never answered: an error, and counted on its own. */
  unanswered(message: string): void {
    this.#counts.unanswered++
    this.error(message)
  }

  /** An approved order that will not execute (not marketable, venue halted). */
  unfilled(): void {
    this.#counts.unfilled++
  }

  /** An order the engine sent by itself. */
  engineOrder(reason: string): void {
    this.#counts.engineOrders++
    this.#engineOrderReasons[reason] = (this.#engineOrderReasons[reason] ?? 0) + 1
  }

  breach(breach: Breach): void {
    this.#breachCount++
    if (this.#breaches.length < MAX_SAMPLES) this.#breaches.push(breach)
  }

  get counts(): Readonly<Tallied> {
    return { ...this.#counts }
  }

  get errorSamples(): readonly string[] {
    return [...this.#errorSamples]
  }

  get breaches(): { readonly count: number; readonly first: readonly Breach[] } {
    return { count: this.#breachCount, first: [...this.#breaches] }
  }

  get engineOrderReasons(): Readonly<Record<string, number>> {
    return { ...this.#engineOrderReasons }
  }
}
