import { type Control, deny } from './control.js'

/**
 * Refuses every order on a restricted symbol.
 *
 * @example
 * restrictedListControl(['GME'])
 */
export function restrictedListControl(symbols: Iterable<string>): Control {
  const restricted = new Set(symbols)
  return (request) =>
    restricted.has(request.symbol)
      ? deny('restricted_list', `${request.symbol} is restricted`)
      : undefined
}
