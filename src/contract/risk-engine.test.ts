import { describe, expect, test } from 'vitest'
import {
  CAPABILITIES,
  capabilityProblems,
  hasCapability,
  isControllable,
  type RiskEngine,
} from './risk-engine.js'

const decide = () => ({ verdict: 'approve' }) as const

describe('engine capabilities', () => {
  test('an engine that only decides has no capability and no problem', () => {
    const engine: RiskEngine = { decide }
    expect(capabilityProblems(engine)).toEqual([])
    expect(CAPABILITIES.map((c) => hasCapability(engine, c))).toEqual(CAPABILITIES.map(() => false))
    expect(isControllable(engine)).toBe(false)
  })

  test('a capability is had when it is declared, whatever methods the object carries', () => {
    const engine: RiskEngine = {
      capabilities: ['control'],
      decide,
      pause: () => undefined,
      resume: () => undefined,
      emergencyStop: () => undefined,
    }
    expect(capabilityProblems(engine)).toEqual([])
    expect(isControllable(engine)).toBe(true)
    expect(hasCapability(engine, 'positions')).toBe(false)
  })

  test('the declaration and the methods must agree: each disagreement is named with its fix', () => {
    const engine = {
      capabilities: ['fills', 'telepathy'],
      decide,
      onFill: () => undefined,
      positions: () => [],
    } as unknown as RiskEngine
    expect(capabilityProblems(engine)).toEqual([
      "declares 'fills' but has no onOrderClosed() method",
      "unknown capability 'telepathy': allowed are 'ticks', 'fills', 'link', 'actions', 'control', 'positions', 'flatten', 'statistics', 'state'",
      "has positions() but does not declare 'positions', so the harness would never call it: add 'positions' to capabilities",
    ])
  })
})
