import { describe, expect, test } from 'vitest'
import { markdownSummary } from './markdown-summary.js'
import { BREACHES_CRITERION, reportOf, reportScenario } from './report-fixture.js'
import type { CertificationReport, ScenarioReport } from './report-schema.js'

const figures = {
  decisions_total: 200,
  error_count: 0,
  decision_p99_ms: 2.5,
  max_drawdown_pct: 0.125,
  hard_limit_breaches: 0,
  final_position_qty: 0,
}
const scenario = (over: Partial<ScenarioReport>): ScenarioReport =>
  reportScenario({ ...figures, ...over })
const report = (scenarios: Record<string, ScenarioReport>): CertificationReport =>
  reportOf(scenarios)
const breaches = BREACHES_CRITERION
const steady = scenario({})
const leaky = scenario({
  overall_pass: false,
  state: 'failed',
  test_state: 'failed',
  decision_p99_ms: 3.42,
  hard_limit_breaches: 3,
  final_position_qty: 12,
  error_count: 1,
  criteria: {
    hard_limit_breaches: breaches,
  },
  failure_messages: ['leaky | x: expected hard-limit breaches == 0, actual 3'],
})

describe('markdownSummary', () => {
  test('verdict, a table per scenario, failed criteria and messages', () => {
    expect(markdownSummary(report({ steady, leaky }))).toBe(
      `## ❌ stressgate: NOT CERTIFIED

**1/2** scenarios passed (50%), 1 failed, 0 inconclusive · 2026-11-25T12:00:00.000Z

### steady

\`scenarios/limits.stress.ts\`

| state | decision p99 | breaches | drawdown | final qty | errors |
| --- | --- | --- | --- | --- | --- |
| ✅ passed | 2.5 ms | 0 | 0.13% | 0 | 0/200 |

### leaky

\`scenarios/limits.stress.ts\`

| state | decision p99 | breaches | drawdown | final qty | errors |
| --- | --- | --- | --- | --- | --- |
| ❌ failed | 3.42 ms | 3 | 0.13% | 12 | 1/200 |

| failed criterion | threshold | actual |
| --- | --- | --- |
| hard_limit_breaches: hard-limit breaches == 0 | == 0 | 3 |

\`\`\`text
leaky | x: expected hard-limit breaches == 0, actual 3
\`\`\`
`,
    )
  })

  test('a baseline adds the change of decision p99', () => {
    const baseline = report({ steady: scenario({ decision_p99_ms: 2.75 }), leaky: scenario({}) })
    const crashed: ScenarioReport = {
      overall_pass: false,
      state: 'error',
      test_state: 'failed',
      file: 'scenarios/crash.stress.ts',
      duration_ms: 3,
      criteria: {},
      failure_messages: ['TypeError: boom'],
    }
    expect(markdownSummary(report({ steady, leaky, crashed }), { baseline })).toBe(
      `## ❌ stressgate: NOT CERTIFIED

**1/3** scenarios passed (33.33%), 2 failed, 0 inconclusive · 2026-11-25T12:00:00.000Z

### steady

\`scenarios/limits.stress.ts\`

| state | decision p99 | Δ p99 vs baseline | breaches | drawdown | final qty | errors |
| --- | --- | --- | --- | --- | --- | --- |
| ✅ passed | 2.5 ms | -0.25 ms | 0 | 0.13% | 0 | 0/200 |

### leaky

\`scenarios/limits.stress.ts\`

| state | decision p99 | Δ p99 vs baseline | breaches | drawdown | final qty | errors |
| --- | --- | --- | --- | --- | --- | --- |
| ❌ failed | 3.42 ms | +0.92 ms | 3 | 0.13% | 12 | 1/200 |

| failed criterion | threshold | actual |
| --- | --- | --- |
| hard_limit_breaches: hard-limit breaches == 0 | == 0 | 3 |

\`\`\`text
leaky | x: expected hard-limit breaches == 0, actual 3
\`\`\`

### crashed

\`scenarios/crash.stress.ts\`

| state | decision p99 | Δ p99 vs baseline | breaches | drawdown | final qty | errors |
| --- | --- | --- | --- | --- | --- | --- |
| 💥 error | - | n/a | - | - | - | - |

\`\`\`text
TypeError: boom
\`\`\`
`,
    )
  })

  test('pipes in cells are escaped, backticks in messages cannot close the fence', () => {
    const odd = scenario({
      criteria: {
        custom: { ...breaches, description: 'a | b' },
      },
      failure_messages: ['see ```code```'],
    })
    const md = markdownSummary(report({ odd }))
    expect(md).toContain('| custom: a \\| b | == 0 | 3 |')
    expect(md).toContain('````text\nsee ```code```\n````')
  })
})
