import { StressgateError } from '../common/stressgate-error.js'

/** The reference governor was given an option it cannot run with. */
export class GovernorSpecError extends StressgateError {
  readonly code = 'STRESSGATE_GOVERNOR_SPEC'
}
