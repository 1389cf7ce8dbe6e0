import { decodeHistogram, mergeEncodedHistograms } from '../metrics/histogram-codec.js'
import { percentileMs } from '../metrics/latency-summary.js'
import type { TimelineWindow } from '../metrics/timeline.js'
import type { CriterionResult } from './criterion.js'
import type { ScenarioRunData } from './scenario-result.js'
import { ScenarioSpecError } from './scenario-spec.js'

/**
 * Where a latency assertion applies: inside a fault phase (`fault:<name>` or the phase's name),
 * or in every sliding window of `everyWindowMs` (whole seconds, stepping by one second). Both are
 * built from the run's one-second windows, merged exactly; a phase covers every second it touches.
 */
export type LatencyWindow = { readonly during: string } | { readonly everyWindowMs: number }

const WINDOW_MS = 1_000

function percentileOf(windows: readonly TimelineWindow[], percentile: number): number {
  const merged = decodeHistogram(mergeEncodedHistograms(windows.map((w) => w.histogram)))
  try {
    return percentileMs(merged, percentile)
  } finally {
    merged.destroy()
  }
}

const pid = (p: number): string => `p${String(p).replace('.', '_')}`

/**
 * Decision latency at `percentile` < `ms` inside a window of the run. A phase that does not exist
 * is an error listing the ones that do.
 *
 * @example
 * percentileBelowIn(result, 99, 50, { during: 'fault:broker_disconnect' })
 * percentileBelowIn(result, 99, 15, { everyWindowMs: 5_000 })
 */
export function percentileBelowIn(
  run: ScenarioRunData,
  percentile: number,
  ms: number,
  window: LatencyWindow,
): CriterionResult & { readonly where: string } {
  if ('during' in window) {
    const name = window.during.replace(/^fault:/, '')
    const phase = run.faults.find((f) => f.name === name)
    if (!phase) {
      const known =
        run.faults.map((f) => `'fault:${f.name}'`).join(', ') || 'none (the run had no faults)'
      throw new ScenarioSpecError(
        `${run.name}: no phase "${window.during}"; the run's phases are ${known}.`,
      )
    }
    const inside = run.timeline.filter(
      (w) => w.startMs < phase.end && w.startMs + WINDOW_MS > phase.start,
    )
    const actual = inside.length === 0 ? 0 : percentileOf(inside, percentile)
    return {
      id: `decision_${pid(percentile)}_ms_during_${name}`,
      description: `decision latency ${pid(percentile)} < ${ms} ms during ${name}`,
      comparison: '<',
      threshold: ms,
      actual,
      unit: 'ms',
      pass: actual < ms,
      where: `${name} (${Math.round(phase.start)}-${Math.round(phase.end)} ms)`,
    }
  }
  const size = window.everyWindowMs / WINDOW_MS
  if (!Number.isInteger(size) || size < 1) {
    throw new ScenarioSpecError(
      `everyWindowMs: ${window.everyWindowMs} must be a whole number of seconds (1000, 2000, 5000...).`,
    )
  }
  let worst = 0
  let worstStart = 0
  for (let k = 0; k + size <= Math.max(size, run.timeline.length); k++) {
    const slice = run.timeline.slice(k, k + size)
    if (slice.every((w) => w.decisions === 0)) continue
    const value = percentileOf(slice, percentile)
    if (value > worst) {
      worst = value
      worstStart = slice[0]?.startMs ?? 0
    }
  }
  return {
    id: `decision_${pid(percentile)}_ms_every_${window.everyWindowMs}ms`,
    description: `decision latency ${pid(percentile)} < ${ms} ms in every ${window.everyWindowMs} ms window`,
    comparison: '<',
    threshold: ms,
    actual: worst,
    unit: 'ms',
    pass: worst < ms,
    where: `worst window starts at ${worstStart} ms`,
  }
}
