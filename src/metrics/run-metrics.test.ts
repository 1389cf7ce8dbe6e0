import { describe, expect, test } from 'vitest'
import { createHistogram } from './hdr.js'
import { METRIC } from './metric-names.js'
import { createRunMetrics } from './run-metrics.js'

describe('createRunMetrics', () => {
  test('bucket edges sit exactly on 10, 15 and 20 ms', async () => {
    const m = createRunMetrics({ scenario: 'flash_crash', runId: 'r1' })
    for (const ms of [9, 10, 15, 16, 25]) m.observeDecision(ms, 'approve')
    const text = await m.registry.metrics()
    const bucket = (le: string) =>
      Number(
        new RegExp(
          `${METRIC.decisionLatency}_bucket\\{le="${le.replace('+', '\\+')}",scenario="flash_crash",run_id="r1"\\} (\\d+)`,
        ).exec(text)?.[1],
      )
    expect(bucket('0.01'), '<= 10 ms').toBe(2)
    expect(bucket('0.015'), '<= 15 ms').toBe(3)
    expect(bucket('0.02'), '<= 20 ms').toBe(4)
    expect(bucket('+Inf')).toBe(5)
    expect(text).toContain(
      `${METRIC.decisions}{verdict="approve",scenario="flash_crash",run_id="r1"} 5`,
    )
  })

  test('every series exists at zero before anything happens', async () => {
    const text = await createRunMetrics({ scenario: 's', runId: 'r' }).registry.metrics()
    expect(text).toContain(`${METRIC.decisionErrors}{scenario="s",run_id="r"} 0`)
    expect(text).toContain(`${METRIC.hardLimitBreaches}{scenario="s",run_id="r"} 0`)
    expect(text).toContain(`${METRIC.decisions}{verdict="reject",scenario="s",run_id="r"} 0`)
  })

  test('errors, breaches, gauges, and HDR percentiles exported as gauges', async () => {
    const m = createRunMetrics({ scenario: 's', runId: 'r' })
    m.observeDecision(1, 'error')
    m.breach()
    m.setPositionDelta(750)
    m.setRecoverySeconds(12.5)
    m.setScheduleLagP99(0.4)
    const h = createHistogram()
    for (let us = 1; us <= 1000; us++) h.recordValue(us)
    m.exportPercentiles('decision', h)
    h.destroy()
    const json = await m.registry.getMetricsAsJSON()
    const value = (name: string, labels: Record<string, string> = {}) =>
      json
        .find((x) => x.name === name)
        ?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value
    expect(value(METRIC.decisionErrors)).toBe(1)
    expect(value(METRIC.hardLimitBreaches)).toBe(1)
    expect(value(METRIC.positionDelta)).toBe(750)
    expect(value(METRIC.recovery)).toBe(12.5)
    expect(value(METRIC.scheduleLag)).toBe(0.0004)
    expect(value(METRIC.latencyPercentile, { metric: 'decision', quantile: '0.99' })).toBe(0.00099)
    expect(value(METRIC.latencyPercentile, { metric: 'decision', quantile: '0.5' })).toBe(0.0005)
  })

  test('each run has its own registry', async () => {
    const a = createRunMetrics({ scenario: 'a', runId: '1' })
    const b = createRunMetrics({ scenario: 'b', runId: '2' })
    a.breach()
    expect(await b.registry.metrics()).toContain(
      `${METRIC.hardLimitBreaches}{scenario="b",run_id="2"} 0`,
    )
  })
})
