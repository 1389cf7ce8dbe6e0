import { describe, expect, test } from 'vitest'
import { startDecisionServer } from '../../fixtures/engines/http-decision-server.js'
import { systemClock } from '../load/clock.js'
import { constantRate } from '../load/constant-rate.js'
import { gbm } from '../market/jump-diffusion.js'
import { runScenario } from '../scenario/run-scenario.js'
import { HttpEngineError, httpEngine } from './http-engine.js'

const spec = {
  seed: 1,
  market: gbm(),
  clock: systemClock(),
  services: false as const,
  maxScheduleLagMs: 50,
}

describe('httpEngine against a real HTTP endpoint', () => {
  test('every decision goes over keep-alive HTTP, open loop, and is answered', async () => {
    await using server = await startDecisionServer({ engine: 'reference' })
    await using engine = httpEngine(server.url, { connections: 8 })
    const result = await runScenario({
      ...spec,
      name: 'http_ok',
      engine,
      load: constantRate({ perSecond: 200, durationMs: 1_000 }),
    })
    expect(result.decisions.errors, result.errorSamples.join('\n')).toBe(0)
    expect(result.decisions.approved + result.decisions.trimmed + result.decisions.rejected).toBe(
      200,
    )
    expect(result.latency.decision.count).toBe(200)
  })

  test('a request past its timeout is an error, with its latency recorded at the timeout', async () => {
    const slow = { decide: () => new Promise<never>(() => undefined) }
    await using server = await startDecisionServer({ engine: slow })
    await using engine = httpEngine(server.url, { timeoutMs: 50 })
    const result = await runScenario({
      ...spec,
      name: 'http_slow',
      engine,
      load: constantRate({ perSecond: 20, durationMs: 500 }),
    })
    expect(result.decisions.errors).toBe(10)
    expect(result.errorSamples[0]).toMatch(
      /^http_slow-0: (TimeoutError|AbortError|HeadersTimeoutError)/,
    )
    expect(
      result.latency.decision.minMs,
      'answered by the timeout, not before',
    ).toBeGreaterThanOrEqual(45)
  })

  test('a non-2xx or malformed answer is an engine error naming what came back', async () => {
    await using server = await startDecisionServer({
      engine: { decide: () => ({ verdict: 'maybe' }) as never },
    })
    await using engine = httpEngine(server.url)
    const result = await runScenario({
      ...spec,
      name: 'http_bad',
      engine,
      load: constantRate({ perSecond: 20, durationMs: 200 }),
    })
    expect(result.decisions.errors).toBe(4)
    expect(result.errorSamples[0]).toContain(
      'HttpEngineError: POST /decide answered {"verdict":"maybe"}; expected { "verdict": "approve" | "trim" | "reject" }',
    )
    expect(() => httpEngine('not a url')).toThrow(HttpEngineError)
  })
})
