/** A traffic light, as dashboards and `monitor` show it. */
export type StatusColour = 'green' | 'yellow' | 'red' | 'unknown'

/** The seed's colour bands (DESIGN "Status colours"): green below `yellow`, red above `red`. */
export const STATUS_BANDS = {
  decisionP99Ms: { yellow: 10, red: 15 },
  pipelineP99Ms: { yellow: 15, red: 20 },
  errorRatePct: { yellow: 0.05, red: 0.1 },
  positionDeltaUsd: { yellow: 500, red: 1000 },
  hardLimitBreaches: { yellow: 1, red: 1 },
} as const

export type StatusCheck = keyof typeof STATUS_BANDS

/**
 * The colour of a value: green below the yellow line, yellow up to the red line, red past it
 * (breaches: any is red); unknown when there is no value.
 *
 * @example
 * statusColour('decisionP99Ms', 12) // 'yellow'
 */
export function statusColour(check: StatusCheck, value: number | undefined): StatusColour {
  if (value === undefined || Number.isNaN(value)) return 'unknown'
  const band = STATUS_BANDS[check]
  if (check === 'hardLimitBreaches') return value > 0 ? 'red' : 'green'
  if (value > band.red) return 'red'
  if (value >= band.yellow) return 'yellow'
  return 'green'
}
