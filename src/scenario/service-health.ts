import type { Redis } from 'ioredis'
import type pg from 'pg'
import { settleWithin } from '../common/settle-within.js'
import { serviceErrorText } from '../services/service-types.js'
import type { ServiceLoss } from './scenario-result.js'

const PROBE_EVERY_MS = 1_000
const PROBE_TIMEOUT_MS = 2_000

const message = serviceErrorText

/**
 * Watches the run's Redis and PostgreSQL while it runs: a Redis connection that closes, a
 * command that fails, or a PostgreSQL that stops answering its probe (every second, 2 s to
 * answer) is a loss, recorded once per service with when and why. The built-in criterion
 * `services_lost` judges them.
 *
 * @example
 * const health = new ServiceHealthWatch(() => clock.now())
 * health.watchRedis(redis)
 * health.stop()
 * health.lost // [{ service: 'redis', atMs: 5123.4, reason: 'connection closed' }]
 */
export class ServiceHealthWatch {
  readonly #now: () => number
  readonly #lost: ServiceLoss[] = []
  readonly #stops: (() => void)[] = []

  constructor(now: () => number) {
    this.#now = now
  }

  /** Losses so far, `atMs` on the run's clock (absolute). */
  get lost(): readonly ServiceLoss[] {
    return [...this.#lost]
  }

  /** Records the loss of `service` (only its first). */
  lose(service: ServiceLoss['service'], reason: string): void {
    if (this.#lost.some((l) => l.service === service)) return
    this.#lost.push({ service, atMs: this.#now(), reason })
  }

  watchRedis(redis: Redis): void {
    const closed = () => this.lose('redis', 'connection closed')
    // Heard here, an error is one loss in the result, not a stack trace per reconnect attempt.
    const failed = (error: Error) => this.lose('redis', error.message)
    redis.on('close', closed)
    redis.on('error', failed)
    this.#stops.push(() => {
      redis.off('close', closed)
      // Kept quiet to the end: the run's own close may still see the dead server.
      redis.on('error', () => undefined)
      redis.off('error', failed)
    })
  }

  watchPostgres(pool: pg.Pool): void {
    let probing = false
    const timer = setInterval(() => {
      if (probing) return
      probing = true
      void this.probePostgres(pool).finally(() => {
        probing = false
      })
    }, PROBE_EVERY_MS)
    timer.unref()
    this.#stops.push(() => clearInterval(timer))
  }

  /** One probe of PostgreSQL now; a failure or no answer in 2 s is a loss. */
  async probePostgres(pool: pg.Pool): Promise<void> {
    const probe = pool.query('select 1').catch((error: unknown) => {
      this.lose('postgres', message(error))
    })
    if (!(await settleWithin(probe, PROBE_TIMEOUT_MS))) {
      this.lose('postgres', `no answer within ${PROBE_TIMEOUT_MS} ms`)
    }
  }

  /** Stops watching (before the run closes its own connections). Safe to call twice. */
  stop(): void {
    for (const stop of this.#stops.splice(0)) stop()
  }
}
