import { describe, expect, test } from 'vitest'
import type { RunHistoryEntry } from '../report-schema.js'
import { renderTrend, trendChartData } from './trend-section.js'

const run = (
  id: string,
  certified: boolean,
  scenarios: RunHistoryEntry['scenarios'],
): RunHistoryEntry => ({ run_id: id, timestamp: `t-${id}`, certified, scenarios })

const RUNS: RunHistoryEntry[] = [
  run('1', true, { a: { state: 'passed', decision_p99_ms: 0.5 } }),
  run('2', false, {
    a: { state: 'failed', decision_p99_ms: 20 },
    '<x>': { state: 'error' },
  }),
  run('3', true, {
    a: { state: 'passed', decision_p99_ms: 0.4 },
    '<x>': { state: 'passed', decision_p99_ms: 1.25 },
  }),
]

describe('trendChartData', () => {
  test('one point per run, oldest first; a scenario missing from a run is a gap', () => {
    expect(trendChartData(RUNS)).toEqual({
      run: [1, 2, 3],
      timestamps: ['t-1', 't-2', 't-3'],
      series: [
        { name: 'a', p99Ms: [0.5, 20, 0.4] },
        { name: '<x>', p99Ms: [null, null, 1.25] },
      ],
    })
    expect(trendChartData(RUNS, 2)).toEqual({
      run: [1, 2],
      timestamps: ['t-2', 't-3'],
      series: [
        { name: 'a', p99Ms: [20, 0.4] },
        { name: '<x>', p99Ms: [null, 1.25] },
      ],
    })
  })
})

describe('renderTrend', () => {
  test('newest run first, the current run marked, verdicts and names escaped', () => {
    const html = renderTrend(RUNS, '3')
    expect(html).toContain('<h2>Trend: decision p99 over the last 3 runs</h2>')
    expect(html).toContain('<div class="chart" id="trend-chart"></div>')
    expect(html).toContain('<th>&lt;x&gt;</th>')
    expect(html).not.toContain('<x>')
    const rows = [
      ...html.matchAll(
        /<tr( class="current")?><td class="when">(t-\d)<\/td><td class="verdict-(pass|fail)">/g,
      ),
    ]
    expect(rows.map((m) => [m[2], m[3], m[1] !== undefined])).toEqual([
      ['t-3', 'pass', true],
      ['t-2', 'fail', false],
      ['t-1', 'pass', false],
    ])
    expect(html).toContain(
      '<td class="num state-failed">20 ms</td><td class="num state-error">-</td>',
    )
    expect(renderTrend([], '3')).toBe('')
    expect(renderTrend(RUNS, '3', 1)).toContain('over the last run</h2>')
  })
})
