import { StressgateError } from '../common/stressgate-error.js'

/** A run was started on services whose live state another run in progress holds. */
export class ScenarioOverlapError extends StressgateError {
  readonly code = 'STRESSGATE_SCENARIO_OVERLAP'
}
