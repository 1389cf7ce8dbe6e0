import { StressgateError } from '../common/stressgate-error.js'
/** A load shape was given a value it cannot run with. */
export class LoadSpecError extends StressgateError {
  readonly code = 'STRESSGATE_LOAD_SPEC'
}
