import { StressgateError } from '../common/stressgate-error.js'
/** A broker, scheduler, latency or fee option (or an argument) is out of range. */
export class BrokerSpecError extends StressgateError {
  readonly code = 'STRESSGATE_BROKER_SPEC'
}

/** An operation does not fit the current state (e.g. `reconnect()` while the link is up). */
export class BrokerStateError extends StressgateError {
  readonly code = 'STRESSGATE_BROKER_STATE'
}

/**
 * Throws {@link BrokerSpecError} unless `value` is a finite number and `ok` holds; the message
 * names the value, the allowed range and an example of a fix.
 *
 * @example
 * checkNumber('fees', 'bps', -1, -1 >= 0, 'bps >= 0', 'fees: { bps: 0.2 }')
 * // throws: fees: bps = -1 is out of range; allowed: bps >= 0. Example: fees: { bps: 0.2 }.
 */
export function checkNumber(
  where: string,
  name: string,
  value: number,
  ok: boolean,
  allowed: string,
  example: string,
): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok) {
    throw new BrokerSpecError(
      `${where}: ${name} = ${String(value)} is out of range; allowed: ${allowed}. Example: ${example}.`,
    )
  }
}
