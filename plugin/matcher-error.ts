/** A matcher was used on the wrong value or with a bad argument (not a failed criterion). */
export class StressMatcherError extends Error {
  readonly code = 'STRESSGATE_MATCHER_USAGE'
  constructor(message: string) {
    super(message)
    this.name = 'StressMatcherError'
  }
}
