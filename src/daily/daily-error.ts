import { StressgateError } from '../common/stressgate-error.js'
/** `up`/`down` could not set up or tear down; the message names what and how to fix it. */
export class DailyError extends StressgateError {
  readonly code = 'STRESSGATE_DAILY'
}
