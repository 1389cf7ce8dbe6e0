import { describe, expect, test } from 'vitest'
import { brokerOutageRun } from '../../test/helpers/broker-outage.js'
import { referenceGovernor } from '../governor/reference-governor.js'

const run = brokerOutageRun

describe('a half-open broker link', () => {
  test('is found by the heartbeat, pauses the governor and raises the pause flag, then recovers and flattens', async () => {
    const result = await run(referenceGovernor({ maxPositionUsd: 50_000, maxDrawdownPct: 15 }))
    const link = result.link
    expect(link?.downs.length, JSON.stringify(link)).toBe(1)
    expect(link?.downs[0], 'found within a few heartbeats of the fault').toBeGreaterThan(1_000)
    expect(link?.downs[0]).toBeLessThan(3_050)
    expect(link?.ups.length).toBe(1)
    expect(link?.recoveryMs).toBeGreaterThan(0)
    expect(link?.recoveryMs).toBeLessThan(25_000)
    expect(result.control?.pauseFlagsRaised).toBe(1)
    expect(result.venue?.violations).toEqual([])
    expect(
      result.decisions.engineOrders,
      'flatten after the outage, then at the end',
    ).toBeGreaterThan(0)
  })
})
