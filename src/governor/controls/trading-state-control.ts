import { type Control, deny, isRiskReducing } from './control.js'

/**
 * Applies the trading state: PAUSED and HALTED refuse everything, REDUCING only lets
 * risk-reducing orders through.
 *
 * @example
 * tradingStateControl()
 */
export function tradingStateControl(): Control {
  return (request, view) => {
    if (view.state === 'PAUSED' || view.state === 'HALTED')
      return deny('trading_state', `state ${view.state}`)
    if (view.state === 'REDUCING' && !isRiskReducing(request, view)) {
      return deny('trading_state', 'state REDUCING: only risk-reducing orders')
    }
    return undefined
  }
}
