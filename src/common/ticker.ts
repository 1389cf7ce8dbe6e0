import type { Simulation } from './simulation.js'

/** Runs an action every `ms` until stopped: a timer in real time, events in simulated time. */
export interface Ticker {
  /** Calls `action` every `ms`; the returned function stops it. */
  every(ms: number, action: () => void): () => void
}

/**
 * The real-time ticker: `setInterval`, unref'd so it never keeps the process alive.
 *
 * @example
 * const stop = realTicker.every(1_000, () => heartbeat())
 */
export const realTicker: Ticker = {
  every(ms, action) {
    const timer = setInterval(action, ms)
    timer.unref()
    return () => clearInterval(timer)
  },
}

/**
 * The ticker of a simulated run: each tick is an event on the simulation, scheduled by the
 * previous one, so heartbeats and polls interleave exactly with everything else.
 *
 * @example
 * const stop = simulatedTicker(sim).every(50, () => pollFlags())
 */
export function simulatedTicker(sim: Simulation): Ticker {
  return {
    every(ms, action) {
      let stopped = false
      let next = sim.at(sim.now() + ms, function tick() {
        if (stopped) return
        action()
        if (!stopped) next = sim.at(sim.now() + ms, tick)
      })
      return () => {
        stopped = true
        next.cancel()
      }
    },
  }
}
