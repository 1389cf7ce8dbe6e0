import type { Decision, DecisionRequest } from '../contract/trading.js'

/**
 * An engine's answer classified in the one verdict vocabulary: what to execute for `approve`
 * and `trim`, nothing for `reject`, and why it is an `error` otherwise.
 */
export type CheckedVerdict =
  | { readonly outcome: 'approve' | 'trim'; readonly quantity: number }
  | { readonly outcome: 'reject' }
  | { readonly outcome: 'error'; readonly problem: string }

/**
 * Validates an engine's answer; a malformed one counts as an engine error, never as an approval.
 *
 * @example
 * checkVerdict(request, { verdict: 'trim', quantity: 5, reason: 'size' }) // { outcome: 'trim', quantity: 5 }
 */
export function checkVerdict(request: DecisionRequest, decision: Decision): CheckedVerdict {
  switch (decision?.verdict) {
    case 'approve':
      return { outcome: 'approve', quantity: request.quantity }
    case 'reject':
      return { outcome: 'reject' }
    case 'trim': {
      const q = decision.quantity
      if (Number.isInteger(q) && q > 0 && q < request.quantity)
        return { outcome: 'trim', quantity: q }
      return {
        outcome: 'error',
        problem: `trim quantity ${String(q)} for request ${request.id} of ${request.quantity}: expected an integer in 1..${request.quantity - 1}`,
      }
    }
    default:
      return {
        outcome: 'error',
        problem: `verdict ${JSON.stringify((decision as { verdict?: unknown } | undefined)?.verdict)} for request ${request.id}: expected 'approve', 'trim' or 'reject'`,
      }
  }
}
