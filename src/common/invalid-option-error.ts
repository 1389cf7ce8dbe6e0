import { StressgateError } from './stressgate-error.js'

/** A clock, a random source or another shared building block was given an option it cannot use. */
export class InvalidOptionError extends StressgateError {
  readonly code = 'STRESSGATE_INVALID_OPTION'
}
