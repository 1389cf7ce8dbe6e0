import { describe, expect, test } from 'vitest'
import { BrokerSpecError } from './broker-error.js'
import { resolveBrokerOptions, type SimulatedBrokerOptions } from './broker-options.js'
import { VirtualScheduler } from './event-scheduler.js'
import { constantLatency } from './latency.js'

const base = (): SimulatedBrokerOptions => ({
  scheduler: new VirtualScheduler(),
  seed: 42,
  marketPrice: () => 100,
})

const resolveWith = (extra: Record<string, unknown>) => () =>
  resolveBrokerOptions({ ...base(), ...extra } as SimulatedBrokerOptions)

describe('resolveBrokerOptions', () => {
  test('fills in the documented defaults', () => {
    const resolved = resolveBrokerOptions(base())
    expect(resolved).toMatchObject({
      entryLatency: constantLatency(1),
      fillLatency: constantLatency(1),
      fees: {},
      rejectProbability: 0,
      symbols: undefined,
      partialFills: undefined,
      cancelOnDisconnect: false,
      limitRecheckMs: 10,
    })
    const partial = resolveBrokerOptions({ ...base(), partialFills: { maxExecutions: 3 } })
    expect(partial.partialFills).toEqual({
      probability: 1,
      maxExecutions: 3,
      interval: constantLatency(1),
    })
    expect(resolveBrokerOptions({ ...base(), symbols: ['ES'] }).symbols).toEqual(new Set(['ES']))
  })

  test.each([
    [{ seed: 1.5 }, /seed = 1.5 is not valid; allowed: an integer/],
    [{ scheduler: {} }, /scheduler = \{\} is not valid; allowed: a Scheduler/],
    [{ marketPrice: 100 }, /marketPrice = 100 is not valid; allowed: a function/],
    [{ rejectProbability: 1.2 }, /rejectProbability = 1.2 is out of range; allowed: 0 <= p <= 1/],
    [{ limitRecheckMs: 0 }, /limitRecheckMs = 0 is out of range; allowed: > 0/],
    [
      { cancelOnDisconnect: 'yes' },
      /cancelOnDisconnect = "yes" is not valid; allowed: true or false/,
    ],
    [{ symbols: [] }, /symbols = \[\] is not valid; allowed: a non-empty array/],
    [{ symbols: ['ES', ''] }, /allowed: non-empty strings only/],
    [{ entryLatency: { kind: 'uniform', minMs: 3, maxMs: 1 } }, /entryLatency: maxMs = 1/],
    [{ fillLatency: { kind: 'constant', ms: -2 } }, /fillLatency: ms = -2 is out of range/],
    [{ fees: { bps: -1 } }, /fees: bps = -1 is out of range/],
    [
      { partialFills: { maxExecutions: 1 } },
      /partialFills: maxExecutions = 1 is out of range; allowed: an integer 2..10000/,
    ],
    [{ partialFills: { maxExecutions: 3, probability: -0.1 } }, /partialFills: probability = -0.1/],
    [
      { partialFills: { maxExecutions: 3, interval: { kind: 'constant', ms: -1 } } },
      /partialFills.interval: ms = -1/,
    ],
    [
      { cancelOnDisconect: true },
      /unknown option "cancelOnDisconect"; allowed: .*cancelOnDisconnect.*Check its spelling/,
    ],
  ])('rejects %j with a message naming the value and the fix', (extra, message) => {
    expect(resolveWith(extra)).toThrow(BrokerSpecError)
    expect(resolveWith(extra)).toThrow(message)
  })

  test('errors carry a stable code', () => {
    try {
      resolveWith({ seed: 'x' })()
      expect.unreachable()
    } catch (error) {
      expect((error as BrokerSpecError).code).toBe('STRESSGATE_BROKER_SPEC')
    }
  })
})
