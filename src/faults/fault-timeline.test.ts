import { type AddressInfo, createServer, type Server } from 'node:net'
import { performance } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { tryConnect } from '../../test/helpers/tcp.js'
import { systemClock, VirtualClock } from '../common/clock.js'
import { clockSkew, SkewedClock } from './clock-skew.js'
import { eventLoopStall } from './event-loop-stall.js'
import type { Fault } from './fault.js'
import { FaultSpecError, FaultTimelineError } from './fault-error.js'
import { type StartedFaultProxy, startFaultProxy } from './fault-proxy.js'
import { runFaultTimeline, startFaultTimeline } from './fault-timeline.js'
import { memoryPressure } from './memory-pressure.js'
import { proxyDown } from './proxy-down.js'
import { toxicFault } from './toxic-fault.js'

/** A fault that only records what it sees when applied (it ends by itself, like a stall). */
function probe(name: string, look: () => unknown | Promise<unknown>, seen: Map<string, unknown>) {
  return {
    name,
    apply: async () => {
      seen.set(name, await look())
    },
  } satisfies Fault
}

let upstreamServer: Server
let proxy: StartedFaultProxy
beforeAll(async () => {
  upstreamServer = createServer((socket) => socket.pipe(socket))
  await new Promise<void>((resolve) => upstreamServer.listen(0, '127.0.0.1', resolve))
  const { port } = upstreamServer.address() as AddressInfo
  proxy = await startFaultProxy({ upstream: { host: '127.0.0.1', port } })
})
afterAll(async () => {
  await proxy.stop()
  await new Promise<void>((resolve) => upstreamServer.close(() => resolve()))
})

const latency = { type: 'latency', attributes: { latency: 50 } } as const

describe('fault timeline on a virtual clock', () => {
  test('applies and reverts each fault at its virtual time and reports the phases', async () => {
    const clock = new VirtualClock()
    const engineClock = new SkewedClock(clock)
    const memory = memoryPressure({ bytes: 4 * 1024 * 1024 })
    const seen = new Map<string, unknown>()
    const state = () => ({
      at: clock.now(),
      toxics: proxy.toxics().map((t) => t.name),
      enabled: proxy.isEnabled(),
    })
    const phases = await runFaultTimeline(
      [
        { at: 1_000, duration: 2_000, fault: toxicFault(proxy, latency) },
        { at: 2_000, fault: probe('during_latency', state, seen) },
        { at: 3_000, duration: 1_000, fault: proxyDown(proxy) },
        {
          at: 3_500,
          fault: probe(
            'while_down',
            async () => ({ ...state(), dial: await tryConnect(proxy.port) }),
            seen,
          ),
        },
        {
          at: 4_500,
          fault: probe(
            'back_up',
            async () => ({ ...state(), dial: await tryConnect(proxy.port) }),
            seen,
          ),
        },
        { at: 5_000, fault: eventLoopStall({ ms: 20 }) },
        { at: 6_000, duration: 1_000, fault: clockSkew(engineClock, { offsetMs: 250 }) },
        { at: 6_500, fault: probe('skewed', () => engineClock.now() - clock.now(), seen) },
        { at: 7_500, fault: probe('unskewed', () => engineClock.now() - clock.now(), seen) },
        { at: 8_000, duration: 500, fault: memory, name: 'memory' },
        { at: 8_250, fault: probe('memory_held', () => memory.heldBytes(), seen) },
        { at: 8_750, fault: probe('memory_after', () => memory.heldBytes(), seen) },
        { at: 9_000, fault: toxicFault(proxy, { ...latency, name: 'open_ended' }) },
      ],
      { clock, endMs: 10_000 },
    )

    expect(seen.get('during_latency')).toEqual({
      at: 2_000,
      toxics: ['latency_downstream'],
      enabled: true,
    })
    expect(seen.get('while_down')).toEqual({
      at: 3_500,
      toxics: [],
      enabled: false,
      dial: 'ECONNREFUSED',
    })
    expect(seen.get('back_up')).toEqual({ at: 4_500, toxics: [], enabled: true, dial: 'connected' })
    expect(seen.get('skewed'), 'skew while active').toBe(250)
    expect(seen.get('unskewed'), 'skew after revert').toBe(0)
    expect(seen.get('memory_held')).toBe(4 * 1024 * 1024)
    expect(seen.get('memory_after')).toBe(0)
    expect(proxy.toxics(), 'open-ended toxic reverted at endMs').toEqual([])
    expect(clock.now()).toBe(10_000)

    const faultPhases = phases.filter((p) => !seen.has(p.name))
    expect(faultPhases).toEqual([
      { name: 'latency_downstream', start: 1_000, end: 3_000 },
      { name: 'proxy_down', start: 3_000, end: 4_000 },
      // A stall blocks real time; the virtual clock does not move meanwhile.
      { name: 'event_loop_stall', start: 5_000, end: 5_000 },
      { name: 'clock_skew', start: 6_000, end: 7_000 },
      { name: 'memory', start: 8_000, end: 8_500 },
      { name: 'open_ended', start: 9_000, end: 10_000 },
    ])
    expect(phases.map((p) => p.name)).toContain('while_down')
  })

  test('a fault ending when the next starts is reverted first, so the same toxic can follow', async () => {
    const clock = new VirtualClock(500)
    const phases = await runFaultTimeline(
      [
        { at: 1_000, duration: 1_000, fault: toxicFault(proxy, latency), name: 'second' },
        { at: 0, duration: 1_000, fault: toxicFault(proxy, latency), name: 'first' },
      ],
      { clock },
    )
    expect(phases).toEqual([
      { name: 'first', start: 0, end: 1_000 },
      { name: 'second', start: 1_000, end: 2_000 },
    ])
    expect(clock.now(), 'times are from the clock at the start').toBe(2_500)
    expect(proxy.toxics()).toEqual([])
  })

  test('a zero-duration fault is applied, then reverted', async () => {
    const clock = new VirtualClock()
    const calls: string[] = []
    const blip: Fault = {
      name: 'blip',
      apply: () => {
        calls.push(`apply@${clock.now()}`)
      },
      revert: () => {
        calls.push(`revert@${clock.now()}`)
      },
    }
    const phases = await runFaultTimeline([{ at: 300, duration: 0, fault: blip }], { clock })
    expect(calls).toEqual(['apply@300', 'revert@300'])
    expect(phases).toEqual([{ name: 'blip', start: 300, end: 300 }])
  })

  test('a fault that fails to apply reverts the active ones and names itself', async () => {
    const clock = new VirtualClock()
    const broken: Fault = {
      name: 'broken',
      apply: () => {
        throw new Error('boom')
      },
      revert: () => {},
    }
    const timeline = startFaultTimeline(
      [
        { at: 0, duration: 5_000, fault: toxicFault(proxy, latency) },
        { at: 1_000, duration: 1_000, fault: broken },
      ],
      { clock },
    )
    await expect(timeline.done).rejects.toThrow(FaultTimelineError)
    await expect(timeline.done).rejects.toThrow(
      "Fault 'broken' failed to apply at 1000 ms (scheduled at 1000 ms): boom. The active faults were reverted.",
    )
    expect(proxy.toxics()).toEqual([])
    expect(timeline.active()).toEqual([])
  })

  test('entries are checked before anything runs', () => {
    const clock = new VirtualClock()
    expect(() =>
      startFaultTimeline([{ at: 0, duration: 100, fault: eventLoopStall({ ms: 1 }) }], { clock }),
    ).toThrow(
      'Fault timeline entry 0 (event_loop_stall): this fault ends by itself and takes no duration, got duration: 100.',
    )
    expect(() => startFaultTimeline([{ at: -1, fault: proxyDown(proxy) }], { clock })).toThrow(
      'Fault timeline entry 0 (proxy_down): at must be a number of ms >= 0 from the start of the timeline, got -1.',
    )
    expect(() =>
      startFaultTimeline([{ at: 0, duration: 50, fault: proxyDown(proxy) }], { clock, endMs: 10 }),
    ).toThrow(FaultSpecError)
    expect(() => toxicFault(proxy, { type: 'latency', attributes: { latency: -1 } })).toThrow(
      FaultSpecError,
    )
    expect(proxy.isEnabled()).toBe(true)
  })
})

describe('fault timeline on the real clock', () => {
  test('stop() reverts the active faults at once instead of waiting for their end', async () => {
    const timeline = startFaultTimeline(
      [{ at: 0, duration: 60_000, fault: toxicFault(proxy, latency) }],
      { clock: systemClock() },
    )
    const deadline = performance.now() + 5_000
    while (timeline.active().length === 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(timeline.active()).toEqual(['latency_downstream'])
    expect(proxy.toxics().map((t) => t.name)).toEqual(['latency_downstream'])
    const stopAt = performance.now()
    const phases = await timeline.stop()
    expect(performance.now() - stopAt, 'stop does not wait for the 60 s end').toBeLessThan(5_000)
    expect(proxy.toxics()).toEqual([])
    expect(phases).toHaveLength(1)
    expect(phases[0]?.end).toBeLessThan(10_000)
    await expect(timeline.done).resolves.toEqual(phases)
  })
})
