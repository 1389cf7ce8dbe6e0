import { type Control, deny } from './control.js'

/**
 * At most `max` orders per sliding `windowMs`; the excess is denied, never queued, so
 * received = sent + denied always holds.
 *
 * @example
 * throttleControl({ max: 100, windowMs: 1_000 })
 */
export function throttleControl(limit: { max: number; windowMs: number; name?: string }): Control {
  const sent: number[] = []
  let head = 0
  return (_request, view) => {
    while (head < sent.length && (sent[head] ?? 0) <= view.nowMs - limit.windowMs) head++
    if (head > 1_024) {
      sent.splice(0, head)
      head = 0
    }
    if (sent.length - head >= limit.max) {
      return deny(
        limit.name ?? 'submit_throttle',
        `more than ${limit.max} orders in ${limit.windowMs} ms`,
      )
    }
    sent.push(view.nowMs)
    return undefined
  }
}
