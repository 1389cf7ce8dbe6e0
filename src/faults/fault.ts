import type { Redis } from 'ioredis'
import type { SimulatedBroker } from '../broker/simulated-broker.js'
import type { Clock } from '../common/clock.js'
import type { ControlBoard } from '../governor/in-process-control.js'
import type { RedisState } from '../store/redis-state.js'

/**
 * What the engine must do while a fault is active, for the harness to judge it: stop sending
 * risk-increasing orders (`pause`, until the fault ends) or for good (`halt`).
 */
export type FaultEffect = 'pause' | 'halt'

/** What a fault may need of the run it is part of; a run checks these before it starts. */
export type FaultRequirement = 'venue' | 'redis'

/**
 * The run a fault acts on, handed to it when it is applied and reverted: nothing of a run is
 * reached through module state, so two runs in one process each fault their own broker and Redis.
 */
export interface FaultContext {
  /** The scenario's name (`timeline` for a timeline run on its own). */
  readonly scenario: string
  readonly runId: string
  /** The clock the timeline runs on. */
  readonly clock: Clock
  /** The run's simulated broker, when it trades on a venue. */
  readonly broker?: SimulatedBroker
  /** The run's live state in Redis, when it has Redis. */
  readonly redis?: { readonly state: RedisState; readonly client: Redis }
  /** Simulated time: the control flags, held in process on the simulated clock instead of Redis. */
  readonly control?: ControlBoard
}

/**
 * Something a fault timeline switches on at an entry's `at` and off at `at + duration`. Built by
 * the fault factories (`toxicFault`, `proxyDown`, `eventLoopStall`, `clockSkew`,
 * `memoryPressure`, `brokerDisconnect`, `brokerHalfOpen`, `controlFlag`); any object of this
 * shape works.
 */
export interface Fault {
  /** Names the phase in reports, e.g. `latency_downstream` or `proxy_down`. */
  readonly name: string
  /** Parts of the run the fault acts on; a run without one of them is refused before it starts. */
  readonly requires?: readonly FaultRequirement[]
  /**
   * What the engine must do while it is active. The harness judges the engine's orders against
   * when it applied the fault, never against what the engine says it did.
   */
  readonly effect?: FaultEffect
  /**
   * True when the fault acts only on parts of the run that live on its clock (the simulated
   * broker, the control flags), so it can run in simulated time. A fault without it needs real
   * time (a socket proxy, a stalled event loop) and a simulated run refuses it.
   */
  readonly simulated?: boolean
  /** Starts the fault. A fault that ends by itself (a stall) does its whole work here. */
  apply(context: FaultContext): void | Promise<void>
  /** Ends the fault. Absent for faults that end by themselves: they take no `duration`. */
  revert?(context: FaultContext): void | Promise<void>
}

/** A fault that needs nothing of the run (a toxic, a stall, a skew): it can be applied by hand. */
export interface StandaloneFault extends Fault {
  apply(): void | Promise<void>
  revert?(): void | Promise<void>
}
