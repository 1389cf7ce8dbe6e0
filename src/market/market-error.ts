import { StressgateError } from '../common/stressgate-error.js'
/** A market model was given a value it cannot build a path from. */
export class MarketSpecError extends StressgateError {
  readonly code = 'STRESSGATE_MARKET_SPEC'
}
