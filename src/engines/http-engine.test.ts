import { describe, expect, test } from 'vitest'
import { startDecisionServer } from '../../fixtures/engines/http-decision-server.js'
import { systemClock } from '../common/clock.js'
import { constantRate } from '../load/constant-rate.js'
import { gbm } from '../market/jump-diffusion.js'
import { runScenario } from '../scenario/run-scenario.js'
import { HttpEngineError, HttpEngineTimeoutError, httpEngine } from './http-engine.js'

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
    // Every one by the engine's own deadline, never by undici's coarser timers.
    expect(result.errorSamples).toHaveLength(10)
    for (const sample of result.errorSamples)
      expect(sample).toMatch(
        /^http_slow-\d+: HttpEngineTimeoutError: POST \/decide: no answer within timeoutMs \(50 ms\)$/,
      )
    expect(
      result.latency.decision.minMs,
      'answered by the timeout, not before',
    ).toBeGreaterThanOrEqual(45)
  })

  test('a request still queued for a connection times out too, and the pool recovers', async () => {
    const request = (id: string) => ({
      id,
      strategy: 's',
      symbol: 'ES',
      side: 'buy' as const,
      quantity: 1,
      limitPrice: 100,
    })
    // The first request is never answered; the ones queued behind it on the single connection
    // must fail at their own deadline, not wait for the connection.
    const stuck = {
      decide: (r: { id: string }) =>
        r.id === 'stuck' ? new Promise<never>(() => undefined) : { verdict: 'approve' as const },
    }
    await using server = await startDecisionServer({ engine: stuck as never })
    await using engine = httpEngine(server.url, { connections: 1, timeoutMs: 50 })
    const outcomes = await Promise.allSettled([
      engine.decide(request('stuck')),
      engine.decide(request('queued-1')),
      engine.decide(request('queued-2')),
    ])
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected')
      const reason = (outcome as PromiseRejectedResult).reason as Error
      expect(reason).toBeInstanceOf(HttpEngineTimeoutError)
      expect(reason.message).toBe('POST /decide: no answer within timeoutMs (50 ms)')
    }
    // The stuck connection was aborted, so a new request gets a fresh one and an answer.
    await expect(engine.decide(request('after'))).resolves.toEqual({ verdict: 'approve' })
    // A request that cannot be serialised throws at once; nothing is left to reject later.
    expect(() => engine.decide({ ...request('big'), quantity: 1n as unknown as number })).toThrow(
      /BigInt/,
    )
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
