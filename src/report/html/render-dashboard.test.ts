import { beforeAll, describe, expect, test } from 'vitest'
import type { RunServicesReport } from '../report-schema.js'
import type { ScenarioChartData } from './chart-data.js'
import {
  CALM_NAME,
  dashboardFixture,
  FAULTY_NAME,
  HOSTILE_FAULT,
  HOSTILE_MESSAGE,
  HOSTILE_NAME,
} from './dashboard-fixture.js'
import { escapeHtml, jsonForScript } from './escape.js'
import { type DashboardInput, renderDashboard } from './render-dashboard.js'

const DATA_BLOCK = /<script type="application\/json" id="dashboard-data">([\s\S]*?)<\/script>/

const dataOf = (html: string): ScenarioChartData[] => {
  const json = DATA_BLOCK.exec(html)?.[1]
  if (json === undefined) throw new Error('no dashboard-data block')
  return JSON.parse(json) as ScenarioChartData[]
}

const hostileServices: RunServicesReport = {
  mode: 'auto',
  run_id: 'run-<1>',
  redis: { backend: 'memory', detail: '<script>alert(3)</script>', start_ms: 1 },
  postgres: { backend: 'pglite', detail: 'in-process "pglite"', start_ms: 20 },
  pushgateway: { backend: 'none', detail: "O'Brien & co", start_ms: 0 },
}

let input: DashboardInput
let html: string
beforeAll(async () => {
  input = await dashboardFixture()
  html = renderDashboard({ ...input, report: { ...input.report, services: hostileServices } })
})

describe('escaping', () => {
  test('escapeHtml and jsonForScript neutralise markup', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    )
    const json = jsonForScript({ s: '</script><!--\u2028' })
    expect(json, 'no raw <').not.toContain('<')
    expect(JSON.parse(json), 'round trip').toEqual({ s: '</script><!--\u2028' })
  })

  test('a hostile scenario name appears escaped and never as a tag', () => {
    expect(html).toContain(escapeHtml(HOSTILE_NAME))
    expect(html).not.toContain('<img')
    expect(html).not.toMatch(/<img\b/i)
  })

  test('failure messages and service details cannot open a script', () => {
    expect(html).toContain(escapeHtml(HOSTILE_MESSAGE))
    // chart data, trend data, uPlot, the page script
    expect(html.match(/<script\b/g), 'only the four page scripts').toHaveLength(4)
    expect(html).toContain('&lt;script&gt;alert(3)&lt;/script&gt;')
    expect(html).toContain('O&#39;Brien &amp; co')
  })

  test('the chart data survives a hostile fault name through JSON', () => {
    const data = dataOf(html)
    expect(data.map((d) => d.name)).toEqual([FAULTY_NAME, CALM_NAME])
    expect(data[0]?.faults[0]?.name).toBe(HOSTILE_FAULT)
    expect(html).toContain(escapeHtml(HOSTILE_FAULT))
  })
})

describe('content', () => {
  test('the verdict shows NOT CERTIFIED with the pass rate', () => {
    expect(input.report.summary.pass_rate_pct, 'pass rate').toBe(33.33)
    expect(html).toContain('<h1>NOT CERTIFIED</h1>')
    expect(html).toContain('pass rate 33.33 %')
  })

  test('the failing criterion has a row with a fail marker and its threshold and actual', () => {
    const row = html
      .split('<tr ')
      .find(
        (r) => r.includes('data-verdict="fail"') && r.includes('decision latency p99 &lt; 15 ms'),
      )
    expect(row, 'failing decision p99 row').toBeDefined()
    expect(row).toContain('&#10008; FAIL')
    expect(row).toContain('&lt; 15 ms')
    expect(row).toContain('20.015 ms')
    expect(html).toMatch(/class="criterion pass"[\s\S]*?&#10004; PASS/)
  })

  test('chart data: per-second windows, the threshold line and the fault window in seconds', () => {
    const [faulty, calm] = dataOf(html)
    expect(faulty?.seconds, 'seconds').toEqual([0, 1, 2, 3, 4])
    expect(faulty?.p99Ms, 'p99 per window').toEqual([0, 20, 20, 0, 0])
    expect(faulty?.thresholds, 'thresholds').toEqual([
      { label: 'decision latency p99 < 15 ms', valueMs: 15 },
    ])
    expect(faulty?.faults, 'faults').toEqual([{ name: HOSTILE_FAULT, startS: 1.5, endS: 2.5 }])
    expect(calm?.faults, 'calm faults').toEqual([])
  })

  test('services, schedule lag and environment are shown', () => {
    expect(html).toContain('<h2>Services</h2>')
    expect(html).toContain('Schedule lag')
    expect(html).toContain(escapeHtml(input.runs[CALM_NAME]?.environment.node ?? 'missing'))
    expect(html).toContain('Ran without services.')
  })

  test('a scenario without run data keeps its rows and gets no charts', () => {
    const hostile = html
      .split('<section class="scenario')
      .slice(1)
      .find((s) => s.includes(escapeHtml(HOSTILE_NAME)))
    expect(hostile, 'errored scenario section').toContain('No run data')
    expect(html).toMatch(
      /<td>&lt;img src=x onerror=alert\(1\)&gt;<\/td>[\s\S]*?no criteria[\s\S]*?&#10008; FAIL/,
    )
    const alone = renderDashboard({ report: input.report, runs: {} })
    expect(dataOf(alone)).toEqual([])
  })
})

describe('self-contained', () => {
  test('uPlot is inlined and nothing outside the data names a network address', () => {
    expect(html).toContain('uPlot')
    const outsideData = html.replace(DATA_BLOCK, '')
    expect(outsideData).not.toMatch(/https?:\/\//i)
    expect(outsideData).not.toMatch(/<(script|link|img|iframe)\b[^>]*\b(src|href)=/i)
    expect(outsideData).toContain("default-src 'none'")
  })
})

describe('the clock of each scenario', () => {
  test('a simulated scenario says so per criterion, and shows its digest, replay and smallest failing case', () => {
    const [name, scenario] = Object.entries(input.report.scenarios)[0] ?? []
    if (!name || !scenario) throw new Error('the fixture has scenarios')
    const simulated = {
      ...scenario,
      time: 'simulated' as const,
      simulated_ms: 23_400_000,
      digest: 'ab'.repeat(32),
      replay:
        "STRESSGATE_TIME=simulated STRESSGATE_SEED=7 npx vitest run --project stress s.stress.ts -t '^x$'",
      exploration: {
        runs: 12,
        seed: 7,
        counterexample: { input: '3 buys at <0> ms', shrinks: 4, caseSeed: 3 },
      },
      event_log: ['D 0 x-0 buy 40 100 approve 40'],
      criteria: Object.fromEntries(
        Object.entries(scenario.criteria).map(([id, c]) => [
          id,
          { ...c, clock: 'simulated' as const },
        ]),
      ),
    }
    const page = renderDashboard({
      ...input,
      report: { ...input.report, scenarios: { ...input.report.scenarios, [name]: simulated } },
    })
    expect(page).toContain('simulated time</span> (6.5 h simulated)')
    expect(page).toContain(`digest <code>${'ab'.repeat(32)}</code>`)
    expect(page).toContain(escapeHtml(simulated.replay))
    expect(page).toContain(
      'smallest failing case, after 4 shrinks: <strong>3 buys at &lt;0&gt; ms</strong>',
    )
    expect(page).toContain('D 0 x-0 buy 40 100 approve 40')
    expect(page).toContain('not measured (simulated time)')
    const clocks = [...page.matchAll(/<td class="clock clock-(\w+)">/g)].map((m) => m[1])
    expect(clocks.filter((c) => c === 'simulated').length).toBe(
      Object.keys(scenario.criteria).length,
    )
  })
})
