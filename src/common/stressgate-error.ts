/**
 * The base of every error stressgate throws at its users: a stable `code` to match on (it never
 * changes between versions), a message that names the bad value, the allowed values and the
 * fix, and the original error in `cause`. `name` is the class name.
 *
 * @example
 * class FaultSpecError extends StressgateError {
 *   readonly code = 'STRESSGATE_FAULT_SPEC'
 * }
 * try { ... } catch (error) {
 *   if (error instanceof StressgateError && error.code === 'STRESSGATE_FAULT_SPEC') ...
 * }
 */
export abstract class StressgateError extends Error {
  /** Stable identifier of the kind of failure, e.g. `STRESSGATE_SCENARIO_SPEC`. */
  abstract readonly code: string

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}
