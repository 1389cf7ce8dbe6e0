import { StressgateError } from '../src/common/stressgate-error.js'
/** A matcher was used on the wrong value or with a bad argument (not a failed criterion). */
export class StressMatcherError extends StressgateError {
  readonly code = 'STRESSGATE_MATCHER_USAGE'
}
