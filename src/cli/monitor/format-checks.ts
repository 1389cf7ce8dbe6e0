import type { StatusColour } from '../../report/status-colours.js'
import type { HealthCheck } from './health-checks.js'

const ANSI: Record<StatusColour, string> = {
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  red: '\x1b[31m',
  unknown: '\x1b[90m',
}

const show = (c: HealthCheck): string => {
  if (c.value === undefined) return 'no data'
  if (c.unit === 'ms') return `${c.value.toFixed(2)} ms`
  if (c.unit === '%') return `${c.value.toFixed(3)} %`
  if (c.unit === 'USD') return `$${c.value.toFixed(2)}`
  return String(c.value)
}

/** One line per check: status word, label, value and its band; coloured when `colour` is set. */
export function formatChecks(checks: readonly HealthCheck[], colour: boolean): string {
  return `${checks
    .map((c) => {
      const word = c.status.toUpperCase().padEnd(7)
      const status = colour ? `${ANSI[c.status]}${word}\x1b[0m` : word
      const band =
        c.check === 'hardLimitBreaches'
          ? 'any is red'
          : `yellow >= ${c.band.yellow}, red > ${c.band.red}`
      return `${status} ${c.label.padEnd(22)} ${show(c).padEnd(12)} (${band})`
    })
    .join('\n')}\n`
}
