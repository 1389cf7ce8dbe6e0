import { performance } from 'node:perf_hooks'
import { Pool } from 'undici'
import { StressgateError } from '../common/stressgate-error.js'
import type { RiskEngine } from '../contract/risk-engine.js'
import { type Decision, type DecisionRequest, VERDICTS } from '../contract/trading.js'

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
export class HttpEngineError extends StressgateError {
  readonly code = 'STRESSGATE_HTTP_ENGINE'
}

/** The engine did not answer within `timeoutMs` (counted as an engine error). */
export class HttpEngineTimeoutError extends StressgateError {
  readonly code = 'STRESSGATE_HTTP_ENGINE_TIMEOUT'
}

const VERDICT_NAMES = new Set<string>(VERDICTS)

/**
 * One decision in flight: the undici dispatch handler, the promise's settlers, and a node of the
 * engine's deadline list. One object per request, nothing else retained: a request never outlives
 * its answer (no per-request timer or AbortSignal that would keep it alive for `timeoutMs`, get it
 * promoted to the old generation and make the collector pay for it later).
 */
class DecisionCall {
  prev: DecisionCall | undefined
  next: DecisionCall | undefined
  /** Set once the answer, an error or the timeout settled the promise. */
  done = false
  status = 0
  abort: ((error?: Error) => void) | undefined
  body: Buffer | Buffer[] | undefined
  resolve!: (decision: Decision) => void
  reject!: (error: unknown) => void

  constructor(
    readonly owner: DeadlineList,
    readonly path: string,
    readonly deadlineMs: number,
  ) {}

  // undici's (legacy, allocation-free) dispatch handler interface.
  onConnect(abort: (error?: Error) => void): void {
    if (this.done) abort(new HttpEngineTimeoutError(this.timeoutMessage()))
    else this.abort = abort
  }
  onHeaders(statusCode: number): boolean {
    this.status = statusCode
    return true
  }
  onData(chunk: Buffer): boolean {
    if (this.body === undefined) this.body = chunk
    else if (Array.isArray(this.body)) this.body.push(chunk)
    else this.body = [this.body, chunk]
    return true
  }
  onComplete(): void {
    if (this.done) return
    this.settle()
    const body = this.body
    const text =
      body === undefined
        ? ''
        : Array.isArray(body)
          ? Buffer.concat(body).toString()
          : body.toString()
    this.body = undefined
    const path = this.path
    if (this.status < 200 || this.status >= 300) {
      this.reject(
        new HttpEngineError(`POST ${path} answered HTTP ${this.status}: ${text.slice(0, 120)}`),
      )
      return
    }
    let decision: Decision
    try {
      decision = JSON.parse(text) as Decision
    } catch (cause) {
      this.reject(
        new HttpEngineError(`POST ${path} answered non-JSON: ${text.slice(0, 120)}`, { cause }),
      )
      return
    }
    if (!VERDICT_NAMES.has((decision as { verdict?: string } | null)?.verdict ?? '')) {
      this.reject(
        new HttpEngineError(
          `POST ${path} answered ${text.slice(0, 120)}; expected { "verdict": "approve" | "trim" | "reject" }`,
        ),
      )
      return
    }
    this.resolve(decision)
  }
  onError(error: Error): void {
    if (this.done) return
    this.settle()
    this.reject(error)
  }

  /** Called by the deadline list when `deadlineMs` has passed without an answer. */
  expire(): void {
    this.done = true
    this.abort?.(new HttpEngineTimeoutError(this.timeoutMessage()))
    this.reject(new HttpEngineTimeoutError(this.timeoutMessage()))
  }

  timeoutMessage(): string {
    return `POST ${this.path}: no answer within timeoutMs (${this.owner.timeoutMs} ms)`
  }

  private settle(): void {
    this.done = true
    this.abort = undefined
    this.owner.remove(this)
  }
}

/**
 * The calls in flight, oldest first. Every call gets the same timeout, so deadlines come in
 * dispatch order: one timer, armed for the oldest deadline, enforces all of them, and an answered
 * call leaves the list in O(1).
 */
class DeadlineList {
  head: DecisionCall | undefined
  tail: DecisionCall | undefined
  #timer: NodeJS.Timeout | undefined

  constructor(readonly timeoutMs: number) {}

  add(call: DecisionCall): void {
    call.prev = this.tail
    if (this.tail) this.tail.next = call
    else this.head = call
    this.tail = call
    if (this.#timer === undefined) this.#arm(call.deadlineMs)
  }

  remove(call: DecisionCall): void {
    if (call.prev) call.prev.next = call.next
    else if (this.head === call) this.head = call.next
    else return // not in the list (already expired)
    if (call.next) call.next.prev = call.prev
    else this.tail = call.prev
    call.prev = undefined
    call.next = undefined
  }

  stop(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #arm(deadlineMs: number): void {
    this.#timer = setTimeout(this.#sweep, Math.max(0, deadlineMs - performance.now()) + 1)
    this.#timer.unref()
  }

  readonly #sweep = (): void => {
    this.#timer = undefined
    const now = performance.now()
    let call = this.head
    while (call !== undefined && call.deadlineMs <= now) {
      this.remove(call)
      call.expire()
      call = this.head
    }
    if (call !== undefined) this.#arm(call.deadlineMs)
  }
}

/**
 * Drives a risk engine behind HTTP: each decision is a `POST <path>` with the request as JSON,
 * answered by `{ "verdict": "approve" | "trim" | "reject", "quantity"?, "reason"? }`. Uses an
 * undici keep-alive pool (so the open loop is not throttled by connection set-up), and counts a
 * request past `timeoutMs` (queueing for a connection included), a non-2xx answer or a malformed
 * body as an engine error.
 *
 * Built to stay out of the measurement at 10,000+ decisions/s: one small object per request
 * (undici's raw dispatch API, not its stream-based `request`), one shared timer for all the
 * timeouts instead of an `AbortSignal.timeout` per request.
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
  const headers: string[] = ['content-type', 'application/json']
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.push(name, value)
  const pool = new Pool(origin.origin, {
    connections: options.connections ?? 16,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    // The deadline list times every request out at `timeoutMs` as HttpEngineTimeoutError;
    // undici's own timers (on a ~0.5 s tick) are only a backstop well behind it.
    headersTimeout: 2 * timeoutMs + 1_000,
    bodyTimeout: 2 * timeoutMs + 1_000,
  })
  const deadlines = new DeadlineList(timeoutMs)
  const close = async () => {
    deadlines.stop()
    await pool.close()
  }
  return {
    remote: `${origin.origin}${path}`,
    decide(request: DecisionRequest): Promise<Decision> {
      // Serialised first: a request that cannot be (a BigInt, a cycle) throws to the caller
      // before anything is registered that could reject later with nobody listening.
      const body = JSON.stringify(request)
      const call = new DecisionCall(deadlines, path, performance.now() + timeoutMs)
      const answer = new Promise<Decision>((resolve, reject) => {
        call.resolve = resolve
        call.reject = reject
      })
      deadlines.add(call)
      // A synchronous failure (closed pool, bad options) reaches call.onError.
      pool.dispatch({ method: 'POST', path, headers, body }, call)
      return answer
    },
    close,
    [Symbol.asyncDispose]: close,
  }
}
