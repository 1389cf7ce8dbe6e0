/**
 * Something a fault timeline switches on at an entry's `at` and off at `at + duration`. Built by
 * the fault factories (`toxicFault`, `proxyDown`, `eventLoopStall`, `clockSkew`,
 * `memoryPressure`); any object of this shape works.
 */
export interface Fault {
  /** Names the phase in reports, e.g. `latency_downstream` or `proxy_down`. */
  readonly name: string
  /** Starts the fault. A fault that ends by itself (a stall) does its whole work here. */
  apply(): void | Promise<void>
  /** Ends the fault. Absent for faults that end by themselves: they take no `duration`. */
  revert?(): void | Promise<void>
}
