import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, test } from 'vitest'
import { junitXml, xmlEscape } from './junit.js'
import { BREACHES_CRITERION, reportOf, reportScenario } from './report-fixture.js'
import type { CertificationReport, ScenarioReport } from './report-schema.js'

const breaches = BREACHES_CRITERION
/** junit's scenarios fail unless told otherwise. */
const scenario = (over: Partial<ScenarioReport>): ScenarioReport =>
  reportScenario({
    overall_pass: false,
    state: 'failed',
    test_state: 'failed',
    duration_ms: 1500,
    ...over,
  })
const report: CertificationReport = reportOf({
  steady: scenario({
    overall_pass: true,
    state: 'passed',
    test_state: 'passed',
    duration_ms: 250,
  }),
  'leaky <&>': scenario({
    criteria: { hard_limit_breaches: breaches, decision_p99_ms: { ...breaches, pass: true } },
    failure_messages: ['leaky: expected "breaches" == 0, actual 3'],
  }),
  overloaded: scenario({
    state: 'inconclusive',
    test_state: 'passed',
    duration_ms: 2000,
    inconclusive_reason: 'generator lag p99 40 ms > 10 ms',
  }),
  // No result at all: the test threw before runScenario returned.
  crashed: scenario({
    state: 'error',
    duration_ms: 5,
    failure_messages: ['\u001b[31mTypeError\u001b[39m: boom'],
  }),
})

describe('junitXml', () => {
  test('one testsuite, a testcase per scenario, failure/error by state', () => {
    expect(junitXml(report)).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="stressgate" tests="4" failures="2" errors="1" skipped="0" time="3.755" timestamp="2026-11-25T12:00:00.000Z">
  <testcase name="steady" classname="scenarios/limits.stress.ts" time="0.250"/>
  <testcase name="leaky &lt;&amp;&gt;" classname="scenarios/limits.stress.ts" time="1.500">
    <failure message="hard_limit_breaches: hard-limit breaches == 0 (threshold == 0, actual 3)" type="failed">hard_limit_breaches: hard-limit breaches == 0 (threshold == 0, actual 3)&#10;leaky: expected &quot;breaches&quot; == 0, actual 3</failure>
  </testcase>
  <testcase name="overloaded" classname="scenarios/limits.stress.ts" time="2.000">
    <failure message="generator lag p99 40 ms &gt; 10 ms" type="inconclusive">generator lag p99 40 ms &gt; 10 ms</failure>
  </testcase>
  <testcase name="crashed" classname="scenarios/limits.stress.ts" time="0.005">
    <error message="TypeError: boom" type="error">TypeError: boom</error>
  </testcase>
</testsuite>
`)
  })

  test('is well-formed XML that a parser reads back', () => {
    const xml = junitXml(report)
    expect(XMLValidator.validate(xml), 'well-formed').toBe(true)
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml)
    const cases = parsed.testsuite.testcase as Array<Record<string, unknown>>
    expect(cases.map((c) => c.name)).toEqual(['steady', 'leaky <&>', 'overloaded', 'crashed'])
  })

  test('xmlEscape drops what XML 1.0 cannot carry and keeps line breaks in attributes', () => {
    expect(xmlEscape('a\u0000b\u001b[1mc\nd\'"')).toBe('abc&#10;d&apos;&quot;')
  })
})
