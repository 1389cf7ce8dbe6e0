import { describe, expect, test } from 'vitest'
import { histogramQuantile, parsePrometheusText } from './prometheus-text.js'
import { createRunMetrics } from './run-metrics.js'

describe('parsePrometheusText', () => {
  test('reads names, labels (with escapes), special values; skips comments', () => {
    const text = [
      '# HELP x help',
      '# TYPE x counter',
      'x 3',
      'y{a="1",b="q\\"uote"} 2.5',
      'z_bucket{le="+Inf"} +Inf',
      '',
    ].join('\n')
    expect(parsePrometheusText(text)).toEqual([
      { name: 'x', labels: {}, value: 3 },
      { name: 'y', labels: { a: '1', b: 'q"uote' }, value: 2.5 },
      { name: 'z_bucket', labels: { le: '+Inf' }, value: Number.POSITIVE_INFINITY },
    ])
  })

  test('reads what prom-client writes', async () => {
    const m = createRunMetrics({ scenario: 's', runId: 'r' })
    m.observeDecision(12, 'approve')
    const samples = parsePrometheusText(await m.registry.metrics())
    expect(samples.find((s) => s.name === 'risk_governor_decision_latency_seconds_count')).toEqual({
      name: 'risk_governor_decision_latency_seconds_count',
      labels: { scenario: 's', run_id: 'r' },
      value: 1,
    })
  })
})

describe('histogramQuantile', () => {
  test('interpolates inside the bucket like Prometheus', () => {
    const buckets: [number, number][] = [
      [0.005, 50],
      [0.01, 90],
      [0.015, 95],
      [0.02, 100],
      [Number.POSITIVE_INFINITY, 100],
    ]
    expect(histogramQuantile(0.99, buckets)).toBeCloseTo(0.019, 12)
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.005, 12)
    expect(histogramQuantile(0.7, buckets)).toBeCloseTo(0.0075, 12)
  })

  test('the +Inf bucket returns the last finite edge; no observations is NaN', () => {
    expect(
      histogramQuantile(0.99, [
        [0.01, 10],
        [Number.POSITIVE_INFINITY, 20],
      ]),
    ).toBe(0.01)
    expect(
      histogramQuantile(0.5, [
        [0.01, 0],
        [Number.POSITIVE_INFINITY, 0],
      ]),
    ).toBeNaN()
  })
})
