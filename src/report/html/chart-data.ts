import type { ScenarioRunData } from '../../scenario/scenario-result.js'
import type { ScenarioReport } from '../report-schema.js'

/** A horizontal line on the latency chart: a criterion's threshold. */
export interface ThresholdLine {
  readonly label: string
  readonly valueMs: number
}

/** A fault window to shade, in seconds from the start of the run. */
export interface FaultWindow {
  readonly name: string
  readonly startS: number
  readonly endS: number
}

/** Everything the page's script needs to draw one scenario's charts; plain JSON. */
export interface ScenarioChartData {
  /** The `id` prefix of the scenario's chart containers. */
  readonly id: string
  readonly name: string
  /** Start of each timeline window, in seconds from the start of the run. */
  readonly seconds: readonly number[]
  readonly p50Ms: readonly number[]
  readonly p99Ms: readonly number[]
  readonly maxMs: readonly number[]
  readonly thresholds: readonly ThresholdLine[]
  readonly price: readonly number[]
  readonly drawdownPct: readonly number[]
  readonly positionQty: readonly number[]
  readonly equityUsd: readonly number[]
  readonly faults: readonly FaultWindow[]
}

/** Criteria drawn on the latency chart: decision latencies, in ms. */
const LATENCY_CRITERION = /^decision_.*_ms$/

/**
 * The latency thresholds of a scenario's criteria (spec and matcher), one line per value.
 *
 * @example
 * latencyThresholds(report.scenarios.flash_crash) // [{ label: 'decision latency p99 < 15 ms', valueMs: 15 }]
 */
export function latencyThresholds(scenario: ScenarioReport): ThresholdLine[] {
  const lines = new Map<number, ThresholdLine>()
  for (const [id, c] of Object.entries(scenario.criteria)) {
    if (c.unit !== 'ms' || !LATENCY_CRITERION.test(id) || !Number.isFinite(c.threshold)) continue
    if (!lines.has(c.threshold))
      lines.set(c.threshold, { label: c.description, valueMs: c.threshold })
  }
  return [...lines.values()]
}

/**
 * Turns a run's per-second timeline and fault phases into chart columns. Fault phases are in
 * ms from the start of the run, like the windows' `startMs`, so both become seconds.
 *
 * @example
 * const data = scenarioChartData('s0', 'flash_crash', report.scenarios.flash_crash, run)
 * data.seconds // [0, 1, 2, ...]
 */
export function scenarioChartData(
  id: string,
  name: string,
  scenario: ScenarioReport,
  run: ScenarioRunData,
): ScenarioChartData {
  const column = (pick: (w: ScenarioRunData['timeline'][number]) => number): number[] =>
    run.timeline.map(pick)
  return {
    id,
    name,
    seconds: column((w) => w.startMs / 1_000),
    p50Ms: column((w) => w.p50Ms),
    p99Ms: column((w) => w.p99Ms),
    maxMs: column((w) => w.maxMs),
    thresholds: latencyThresholds(scenario),
    price: column((w) => w.price),
    drawdownPct: column((w) => w.drawdownPct),
    positionQty: column((w) => w.positionQty),
    equityUsd: column((w) => w.equityUsd),
    faults: run.faults.map((f) => ({ name: f.name, startS: f.start / 1_000, endS: f.end / 1_000 })),
  }
}
