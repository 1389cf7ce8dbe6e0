import { createHistogram } from '../metrics/hdr.js'
import { encodeHistogram } from '../metrics/histogram-codec.js'
import { reportOf, reportScenario } from './report-fixture.js'
import type { CertificationReport, ScenarioReport } from './report-schema.js'

/** An encoded microsecond histogram holding `count` samples at each given value. */
export function encoded(...groups: readonly (readonly [valueUs: number, count: number])[]): string {
  const h = createHistogram()
  try {
    for (const [value, count] of groups) h.recordValueWithCount(value, count)
    return encodeHistogram(h)
  } finally {
    h.destroy()
  }
}

function scenario(decision: string | undefined): ScenarioReport {
  return reportScenario({
    file: 'x.stress.ts',
    duration_ms: 1,
    ...(decision === undefined
      ? {}
      : {
          histograms: { decision, service: decision, schedule_lag: decision, pipeline: decision },
        }),
  })
}

/** A report whose scenarios carry the given decision histograms (none: no histograms). */
export function report(scenarios: Record<string, string | undefined>): CertificationReport {
  return reportOf(
    Object.fromEntries(Object.entries(scenarios).map(([k, v]) => [k, scenario(v)])),
    '2026-11-25T00:00:00.000Z',
  )
}
