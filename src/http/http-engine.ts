import { Pool } from 'undici'
import type { Decision, DecisionRequest, RiskEngine } from '../scenario/risk-engine.js'

/** Options of {@link httpEngine}. */
export interface HttpEngineOptions {
  /** Path of the decision endpoint. @default '/decide' */
  path?: string
  /** Keep-alive connections in the pool. @default 16 */
  connections?: number
  /** Per-request timeout; a decision that takes longer is an error. @default 1000 */
  timeoutMs?: number
  /** Extra request headers (e.g. authorization). */
  headers?: Readonly<Record<string, string>>
}

/** An engine behind HTTP, with its connection pool. Close it when done. */
export interface HttpEngine extends RiskEngine, AsyncDisposable {
  close(): Promise<void>
}

/** The engine answered something that is not a decision. */
export class HttpEngineError extends Error {
  readonly code = 'STRESSGATE_HTTP_ENGINE'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'HttpEngineError'
  }
}

const VERDICTS = new Set(['approve', 'trim', 'reject'])

/**
 * Drives a risk engine behind HTTP: each decision is a `POST <path>` with the request as JSON,
 * answered by `{ "verdict": "approve" | "trim" | "reject", "quantity"?, "reason"? }`. Uses an
 * undici keep-alive pool (so the open loop is not throttled by connection set-up), and counts a
 * request past `timeoutMs`, a non-2xx answer or a malformed body as an engine error.
 *
 * @example
 * await using engine = httpEngine('http://127.0.0.1:8080', { connections: 32, timeoutMs: 500 })
 * const result = await runScenario({ name: 'remote', seed: 1, engine, market, load })
 */
export function httpEngine(url: string, options: HttpEngineOptions = {}): HttpEngine {
  let origin: URL
  try {
    origin = new URL(url)
  } catch (cause) {
    throw new HttpEngineError(
      `httpEngine: ${JSON.stringify(url)} is not a URL. Example: httpEngine('http://127.0.0.1:8080').`,
      { cause },
    )
  }
  const timeoutMs = options.timeoutMs ?? 1_000
  const path = options.path ?? '/decide'
  const pool = new Pool(origin.origin, {
    connections: options.connections ?? 16,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  })
  const close = async () => {
    await pool.close()
  }
  return {
    async decide(request: DecisionRequest): Promise<Decision> {
      const response = await pool.request({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', ...options.headers },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(timeoutMs),
      })
      const text = await response.body.text()
      if (response.statusCode < 200 || response.statusCode >= 300) {
        throw new HttpEngineError(
          `POST ${path} answered HTTP ${response.statusCode}: ${text.slice(0, 120)}`,
        )
      }
      let decision: Decision
      try {
        decision = JSON.parse(text) as Decision
      } catch (cause) {
        throw new HttpEngineError(`POST ${path} answered non-JSON: ${text.slice(0, 120)}`, {
          cause,
        })
      }
      if (!VERDICTS.has((decision as { verdict?: string }).verdict ?? '')) {
        throw new HttpEngineError(
          `POST ${path} answered ${text.slice(0, 120)}; expected { "verdict": "approve" | "trim" | "reject" }`,
        )
      }
      return decision
    },
    close,
    [Symbol.asyncDispose]: close,
  }
}
