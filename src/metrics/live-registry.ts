import type { Registry } from 'prom-client'

/** Where a run offers its Prometheus registry while it runs (e.g. a /metrics server). */
export interface MetricsExposition {
  /** Serve `registry` until the returned function is called. */
  serve(registry: Registry): () => void
}

/**
 * The registry of the run in progress, for a /metrics server: the newest run that started
 * serving and has not stopped. Handed to runs through their services context, never reached
 * through module state.
 *
 * @example
 * const live = new LiveRegistry()
 * await startMetricsServer(() => live.current, { port: 8000 })
 * const stop = live.serve(metrics.registry)
 */
export class LiveRegistry implements MetricsExposition {
  readonly #serving: Registry[] = []

  /** The registry to serve now; undefined between runs. */
  get current(): Registry | undefined {
    return this.#serving[this.#serving.length - 1]
  }

  serve(registry: Registry): () => void {
    this.#serving.push(registry)
    return () => {
      const at = this.#serving.lastIndexOf(registry)
      if (at >= 0) this.#serving.splice(at, 1)
    }
  }
}
