import { availableParallelism, cpus, totalmem } from 'node:os'
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks'

/** What the machine was doing while a run measured it. Every report carries one. */
export interface EnvironmentFingerprint {
  readonly node: string
  readonly platform: string
  readonly arch: string
  readonly cpuModel: string
  readonly cores: number
  readonly totalMemoryBytes: number
  /** Event-loop delay seen by a 10 ms-resolution monitor during the run. */
  readonly eventLoopDelay: {
    readonly p50Ms: number
    readonly p99Ms: number
    readonly maxMs: number
  }
  readonly gc: {
    readonly count: number
    readonly totalPauseMs: number
    readonly maxPauseMs: number
  }
  readonly memory: {
    readonly heapUsedStartBytes: number
    readonly heapUsedEndBytes: number
    readonly rssStartBytes: number
    readonly rssEndBytes: number
    /** Memory outside the V8 heap held by JS objects (Buffers, typed arrays); absent in older reports. */
    readonly externalStartBytes?: number
    readonly externalEndBytes?: number
  }
}

/** A running probe; `stop()` ends it and returns what it saw. */
export interface EnvironmentProbe {
  stop(): EnvironmentFingerprint
}

const NS_PER_MS = 1e6

/**
 * Starts watching event-loop delay, GC pauses and memory for the length of a run.
 *
 * @example
 * const probe = startEnvironmentProbe()
 * await work()
 * const fingerprint = probe.stop()
 */
let knownCpuModel: string | undefined
/** The CPU's model, read once per process (`os.cpus()` costs a fraction of a simulated run). */
function cpuModel(): string {
  knownCpuModel ??= cpus()[0]?.model ?? 'unknown'
  return knownCpuModel
}

/** The machine, with nothing measured: zero delays, pauses and memory. */
function machineOnly(): EnvironmentFingerprint {
  const none = { p50Ms: 0, p99Ms: 0, maxMs: 0 }
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpuModel: cpuModel(),
    cores: availableParallelism(),
    totalMemoryBytes: totalmem(),
    eventLoopDelay: none,
    gc: { count: 0, totalPauseMs: 0, maxPauseMs: 0 },
    memory: {
      heapUsedStartBytes: 0,
      heapUsedEndBytes: 0,
      rssStartBytes: 0,
      rssEndBytes: 0,
      externalStartBytes: 0,
      externalEndBytes: 0,
    },
  }
}

/**
 * A full collection when the process allows one (`node --expose-gc`, as the stress project runs
 * its workers), so the memory measured at each end of a run is what is retained, not garbage.
 */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc
  if (typeof gc === 'function') gc()
}

export function startEnvironmentProbe(
  options: {
    /**
     * `false`: measure nothing (no loop monitor, no GC observer, no memory): the fingerprint
     * has the machine only. For runs nobody reads the environment of. @default true
     */
    readonly measure?: boolean
  } = {},
): EnvironmentProbe {
  if (options.measure === false) return { stop: () => machineOnly() }
  const collect = collectGarbage
  // Before the GC observer: the forced collections are not the run's GC pauses.
  collect()
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const gc = { count: 0, totalPauseMs: 0, maxPauseMs: 0 }
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++
      gc.totalPauseMs += entry.duration
      gc.maxPauseMs = Math.max(gc.maxPauseMs, entry.duration)
    }
  })
  observer.observe({ entryTypes: ['gc'] })
  const start = process.memoryUsage()
  return {
    stop() {
      loop.disable()
      observer.disconnect()
      collect()
      const end = process.memoryUsage()
      const hasSamples = loop.count > 0
      return {
        ...machineOnly(),
        eventLoopDelay: {
          p50Ms: hasSamples ? loop.percentile(50) / NS_PER_MS : 0,
          p99Ms: hasSamples ? loop.percentile(99) / NS_PER_MS : 0,
          maxMs: hasSamples ? loop.max / NS_PER_MS : 0,
        },
        gc: { ...gc },
        memory: {
          heapUsedStartBytes: start.heapUsed,
          heapUsedEndBytes: end.heapUsed,
          rssStartBytes: start.rss,
          rssEndBytes: end.rss,
          externalStartBytes: start.external,
          externalEndBytes: end.external,
        },
      }
    },
  }
}
