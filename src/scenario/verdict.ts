import type { Decision, DecisionRequest } from './risk-engine.js'

/** A verdict reduced to what the venue needs: the quantity to send, or why nothing is sent. */
export type CheckedVerdict =
  | { readonly kind: 'approved' | 'trimmed'; readonly quantity: number }
  | { readonly kind: 'rejected' }
  | { readonly kind: 'invalid'; readonly problem: string }

/** Validates an engine's answer; a malformed one counts as an engine error, never as an approval. */
export function checkVerdict(request: DecisionRequest, decision: Decision): CheckedVerdict {
  switch (decision?.verdict) {
    case 'approve':
      return { kind: 'approved', quantity: request.quantity }
    case 'reject':
      return { kind: 'rejected' }
    case 'trim': {
      const q = decision.quantity
      if (Number.isInteger(q) && q > 0 && q < request.quantity)
        return { kind: 'trimmed', quantity: q }
      return {
        kind: 'invalid',
        problem: `trim quantity ${String(q)} for request ${request.id} of ${request.quantity}: expected an integer in 1..${request.quantity - 1}`,
      }
    }
    default:
      return {
        kind: 'invalid',
        problem: `verdict ${JSON.stringify((decision as { verdict?: unknown } | undefined)?.verdict)} for request ${request.id}: expected 'approve', 'trim' or 'reject'`,
      }
  }
}
