import { Pushgateway, type Registry } from 'prom-client'
import { redactSecrets } from '../services/service-types.js'

/** Options of {@link pushMetrics}. */
export interface PushOptions {
  /** Pushgateway base URL, e.g. http://127.0.0.1:9091. */
  url: string
  /** Grouping key: job, plus e.g. scenario and run_id. */
  job: string
  groupings?: Readonly<Record<string, string>>
  /** Attempts before giving up. @default 3 */
  attempts?: number
  /** Wait before the first retry, doubled each time, in ms. @default 200 */
  backoffMs?: number
  /** Per-request timeout, in ms. @default 2000 */
  timeoutMs?: number
}

/** What a push did: never throws, so an unreachable Pushgateway never loses a run. */
export type PushOutcome =
  | { readonly ok: true; readonly attempts: number }
  | { readonly ok: false; readonly attempts: number; readonly warning: string }

/**
 * Pushes a registry to a Pushgateway under its grouping key (PUT semantics per group: `push`
 * replaces the group). Retries with backoff; a gateway that stays down is a warning.
 *
 * @example
 * const outcome = await pushMetrics(metrics.registry, { url, job: 'stressgate', groupings: { scenario, run_id } })
 * if (!outcome.ok) console.warn(outcome.warning)
 */
export async function pushMetrics(registry: Registry, options: PushOptions): Promise<PushOutcome> {
  const attempts = options.attempts ?? 3
  const gateway = new Pushgateway(options.url, { timeout: options.timeoutMs ?? 2_000 }, registry)
  let delay = options.backoffMs ?? 200
  let last = ''
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const { resp } = await gateway.push({
        jobName: options.job,
        groupings: { ...options.groupings },
      })
      const status = (resp as { statusCode?: number } | undefined)?.statusCode ?? 200
      if (status >= 200 && status < 300) return { ok: true, attempts: attempt }
      last = `HTTP ${status}`
    } catch (error) {
      last = (error as Error).message
    }
    if (attempt < attempts) {
      await new Promise((resolve) => setTimeout(resolve, delay))
      delay *= 2
    }
  }
  return {
    ok: false,
    attempts,
    // Its URL and the cause may quote credentials (user:password@): never in a warning.
    warning: redactSecrets(
      `Pushgateway ${options.url} did not take the metrics after ${attempts} attempts (${last}); they stay in the JSON report.`,
    ),
  }
}
