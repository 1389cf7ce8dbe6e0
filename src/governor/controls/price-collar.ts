import { type Control, deny } from './control.js'

/**
 * Refuses limit prices further than `bps` from the last mid (a runaway price), and any order
 * when there is no reference price yet.
 *
 * @example
 * priceCollarControl(100) // within 1% of the last mid
 */
export function priceCollarControl(bps: number): Control {
  return (request, view) => {
    const mid = view.lastPrice(request.symbol)
    if (mid === undefined) return deny('price_collar', `no reference price for ${request.symbol}`)
    const distanceBps = (Math.abs(request.limitPrice - mid) / mid) * 10_000
    if (distanceBps > bps) {
      return deny(
        'price_collar',
        `limit ${request.limitPrice} is ${distanceBps.toFixed(1)} bps from ${mid} (collar ${bps} bps)`,
      )
    }
    return undefined
  }
}
