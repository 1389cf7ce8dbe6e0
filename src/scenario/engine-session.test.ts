import { describe, expect, test } from 'vitest'
import { VirtualClock } from '../common/clock.js'
import { CAPABILITIES, type RiskEngine } from '../contract/risk-engine.js'
import { referenceGovernor } from '../governor/reference-governor.js'
import { constantRate } from '../load/constant-rate.js'
import { flashCrash } from '../market/flash-crash.js'
import { EngineSession } from './engine-session.js'
import { runScenario } from './run-scenario.js'

const spec = (engine: RiskEngine) => ({
  name: 'capability_run',
  seed: 1,
  engine,
  market: flashCrash({ overMs: 200 }),
  load: constantRate({ perSecond: 100, durationMs: 500 }),
  clock: new VirtualClock(),
  services: false as const,
})

describe('the harness asks an engine only for what it declares', () => {
  test('redisControl on an engine that is not controllable names the capability and the fix', async () => {
    const plain: RiskEngine = { decide: () => ({ verdict: 'approve' }) }
    await expect(runScenario({ ...spec(plain), redisControl: true })).rejects.toThrow(
      `Scenario "capability_run": redisControl: true needs an engine with the 'control' capability (pause(), resume(), emergencyStop()); this engine declares none. Fix: implement pause(), resume(), emergencyStop() and add 'control' to the engine's capabilities, or drop redisControl: true.`,
    )
  })

  test('an engine whose methods and declaration disagree is refused before the run', async () => {
    const undeclared = {
      decide: () => ({ verdict: 'approve' }),
      onFill: () => undefined,
      onOrderClosed: () => undefined,
    } as RiskEngine
    await expect(runScenario(spec(undeclared))).rejects.toThrow(
      "has onFill() and onOrderClosed() but does not declare 'fills', so the harness would never call it: add 'fills' to capabilities",
    )
  })

  test('the reference governor declares every capability; an undeclared one is never called', async () => {
    expect(referenceGovernor({ maxPositionUsd: 1, maxDrawdownPct: 1 }).capabilities).toEqual(
      CAPABILITIES,
    )
    const calls: string[] = []
    const session = new EngineSession({
      capabilities: ['positions'],
      decide: () => ({ verdict: 'approve' }),
      positions: () => {
        calls.push('positions')
        return [{ symbol: 'ES', quantity: 3 }]
      },
    })
    expect(await session.positions()).toEqual([{ symbol: 'ES', quantity: 3 }])
    expect(await session.flatten(), 'no flatten capability: nothing asked').toEqual([])
    expect(session.stateLog()).toEqual([])
    expect(session.controllable).toBeUndefined()
    expect(calls).toEqual(['positions'])
  })
})
