import type { ReportedCriterion, ScenarioReport } from './report-schema.js'

const UNIT: Record<ReportedCriterion['unit'], string> = {
  ms: ' ms',
  pct: '%',
  count: '',
  qty: '',
  bytes: ' B',
  per_second: '/s',
}

/** A number rounded to two decimals for display, without trailing zeros: `2.5`, `0.33`. */
export const round2 = (value: number): string => String(Math.round(value * 100) / 100)

/** A number with its unit for display: `12.5 ms`, `3.2%`, `4`. */
export const withUnit = (value: number, unit: ReportedCriterion['unit']): string =>
  `${round2(value)}${UNIT[unit]}`

/** The criteria of a scenario that did not hold, by id, in report order. */
export const failedCriteria = (s: ScenarioReport): Array<[string, ReportedCriterion]> =>
  Object.entries(s.criteria).filter(([, c]) => !c.pass)

/** One failed criterion as a line: id, description, threshold and actual. */
export const criterionLine = (id: string, c: ReportedCriterion): string =>
  `${id}: ${c.description} (threshold ${c.comparison} ${withUnit(c.threshold, c.unit)}, actual ${withUnit(c.actual, c.unit)})`

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colour codes are what is removed
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g
// biome-ignore lint/suspicious/noControlCharactersInRegex: characters XML 1.0 forbids
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g

/**
 * Text safe for XML and Markdown: Vitest failure messages may carry terminal colour codes, and
 * XML 1.0 has no escape at all for most control characters.
 */
export const plainText = (text: string): string => text.replace(ANSI, '').replace(FORBIDDEN, '')
