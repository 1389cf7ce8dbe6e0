import type { CertificationReport, ScenarioReport } from './report-schema.js'
import { criterionLine, failedCriteria, plainText } from './report-text.js'

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
}

/** Escapes text for an XML attribute or element; line breaks survive attribute normalisation. */
export const xmlEscape = (text: string): string =>
  plainText(text).replace(/[&<>"'\n\r\t]/g, (c) => ESCAPES[c] ?? c)

const seconds = (ms: number): string => (ms / 1000).toFixed(3)

const attributes = (attrs: Record<string, string | number>): string =>
  Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('')

/** The failure or error element of a scenario that did not pass, or nothing. */
function outcome(s: ScenarioReport): string {
  const criteria = failedCriteria(s).map(([id, c]) => criterionLine(id, c))
  const details = [...criteria, ...s.failure_messages]
  const body = (lines: readonly string[]): string => xmlEscape(lines.join('\n'))
  switch (s.state) {
    case 'passed':
      return ''
    case 'failed': {
      const message = criteria[0] ?? s.failure_messages[0] ?? 'the scenario failed'
      return `<failure${attributes({ message, type: 'failed' })}>${body(details)}</failure>`
    }
    case 'inconclusive': {
      const message = s.inconclusive_reason ?? 'the run was inconclusive'
      const lines = [message, ...details]
      return `<failure${attributes({ message, type: 'inconclusive' })}>${body(lines)}</failure>`
    }
    case 'error': {
      const message =
        s.failure_messages[0] ?? 'no result: the test failed before runScenario returned'
      return `<error${attributes({ message, type: 'error' })}>${body(details)}</error>`
    }
  }
}

function testcase(name: string, s: ScenarioReport): string {
  const head = `<testcase${attributes({ name, classname: s.file, time: seconds(s.duration_ms) })}`
  const inner = outcome(s)
  return inner === '' ? `  ${head}/>` : `  ${head}>\n    ${inner}\n  </testcase>`
}

/**
 * The certification report as JUnit XML, for CI test views: one `<testsuite name="stressgate">`
 * with a `<testcase>` per scenario (classname = the scenario file, time in seconds). A failed
 * scenario carries a `<failure type="failed">` listing its failed criteria (threshold and actual)
 * and Vitest's failure messages; an inconclusive one a `<failure type="inconclusive">`; a test
 * that failed before producing a result an `<error>`.
 *
 * @example
 * await writeFileAtomic('reports/junit.xml', junitXml(report))
 */
export function junitXml(report: CertificationReport): string {
  const entries = Object.entries(report.scenarios)
  const count = (state: ScenarioReport['state']): number =>
    entries.filter(([, s]) => s.state === state).length
  const suite = attributes({
    name: 'stressgate',
    tests: entries.length,
    failures: count('failed') + count('inconclusive'),
    errors: count('error'),
    skipped: 0,
    time: seconds(entries.reduce((sum, [, s]) => sum + s.duration_ms, 0)),
    timestamp: report.certification_timestamp,
  })
  const cases = entries.map(([name, s]) => testcase(name, s))
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite${suite}>`,
    ...cases,
    '</testsuite>',
    '',
  ].join('\n')
}
