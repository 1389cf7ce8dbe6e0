import type { FaultPhase } from '../faults/fault-timeline.js'
import type { OrderRecord } from '../portfolio/trading-log.js'
import { isEngineOrderId } from './engine-order-id.js'
import type { LinkObservation } from './link-monitor.js'
import type { ControlWindow } from './scenario-result.js'

export type { ControlWindow }

/** The windows the harness opened, without their measured effect yet. */
type Opened = Omit<ControlWindow, 'effectMs' | 'engineOrders'>

/**
 * The control windows of a run: pause and halt flags from the fault timeline's phases, link
 * outages from the heartbeat's report.
 *
 * @example
 * openedWindows(faultPhases, linkReport) // [{ kind: 'pause', startMs: 1500, endMs: 2500 }]
 */
export function openedWindows(
  phases: readonly FaultPhase[],
  link: LinkObservation | undefined,
  lossLimitAtMs?: number,
): Opened[] {
  const windows: Opened[] = []
  if (lossLimitAtMs !== undefined) windows.push({ kind: 'loss_limit', startMs: lossLimitAtMs })
  for (const phase of phases) {
    if (phase.effect === 'pause')
      windows.push({ kind: 'pause', startMs: phase.start, endMs: phase.end })
    if (phase.effect === 'halt') windows.push({ kind: 'halt', startMs: phase.start })
  }
  const downs = link?.downs ?? []
  downs.forEach((startMs, i) => {
    const endMs = link?.ups.find(
      (up) => up >= startMs && (downs[i + 1] === undefined || up <= (downs[i + 1] ?? 0)),
    )
    windows.push({ kind: 'link_down', startMs, ...(endMs === undefined ? {} : { endMs }) })
  })
  return windows.sort((a, b) => a.startMs - b.startMs)
}

/**
 * Measures each window on the venue's order log: its flag-to-effect latency (the last
 * risk-increasing order sent within `graceMs` of its start; orders after the grace are leaks,
 * which the `order_leak` invariant judges on {@link leakWindows}), and the orders the engine
 * sent by itself in it (a flatten after an outage, a kill switch after a stop).
 *
 * @example
 * measureEffect(openedWindows(phases, link), orders, 1_000)[0]?.effectMs // 12.5
 */
export function measureEffect(
  windows: readonly Opened[],
  orders: readonly OrderRecord[],
  graceMs: number,
): ControlWindow[] {
  return windows.map((w) => {
    const graceEnd = Math.min(w.startMs + graceMs, w.endMs ?? Number.POSITIVE_INFINITY)
    const after = w.endMs === undefined ? Number.POSITIVE_INFINITY : w.endMs + graceMs
    let effectMs = 0
    let engineOrders = 0
    for (const o of orders) {
      if (o.sentAtMs >= w.startMs && o.sentAtMs < after && isEngineOrderId(o.id)) engineOrders++
      if (o.reduceOnly || o.sentAtMs < w.startMs || o.sentAtMs >= graceEnd) continue
      effectMs = Math.max(effectMs, o.sentAtMs - w.startMs)
    }
    return { ...w, effectMs, engineOrders }
  })
}

/**
 * The windows in which a risk-increasing order is a leak: each control window from the end of
 * its acknowledgement grace.
 *
 * @example
 * leakWindows([{ kind: 'pause', startMs: 1_500, endMs: 4_000, effectMs: 3 }], 1_000) // [{ ackMs: 2_500, endMs: 4_000 }]
 */
export function leakWindows(
  windows: readonly Opened[],
  graceMs: number,
): { ackMs: number; endMs?: number }[] {
  return windows
    .filter((w) => w.endMs === undefined || w.endMs > w.startMs + graceMs)
    .map((w) => ({
      ackMs: w.startMs + graceMs,
      ...(w.endMs === undefined ? {} : { endMs: w.endMs }),
    }))
}
