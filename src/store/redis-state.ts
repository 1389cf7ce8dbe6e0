import type { Redis } from 'ioredis'

/** The live-state keys, as the seed platform named them. */
export const GOVERNOR_KEYS = {
  pause: 'governor.pause',
  emergencyStop: 'governor.emergency_stop',
  positions: 'governor.positions',
  alerts: 'governor.alerts',
  decisions: 'governor.decisions',
} as const

/** A control flag the governor obeys. */
export type GovernorFlag = 'pause' | 'emergencyStop'

/** An alert published on the alerts channel. */
export interface GovernorAlert {
  readonly level: 'info' | 'warning' | 'critical'
  readonly message: string
  readonly at: string
}

/** One decision on the queue. */
export interface QueuedDecision {
  readonly fields: Readonly<Record<string, string>>
}

/**
 * Live governor state in Redis: control flags, positions, an alerts channel, and a decision
 * queue (a list: RPUSH in batches, LPOP with a count; the backlog is its length). Uses only
 * commands the embedded ioredis-mock supports too, in the same time on both: no blocking pops,
 * no consumer groups, and no stream (the embedded XADD copies the whole stream on every add).
 *
 * @example
 * const state = new RedisState(redis)
 * await state.setFlag('pause', true, 'broker link down')
 * (await state.flags()).pause // true
 */
export class RedisState {
  readonly #redis: Redis
  readonly #prefix: string

  /** @param prefix prepended to every key, to keep runs apart on a shared server. @default '' */
  constructor(redis: Redis, prefix = '') {
    this.#redis = redis
    this.#prefix = prefix
  }

  key(name: (typeof GOVERNOR_KEYS)[keyof typeof GOVERNOR_KEYS]): string {
    return `${this.#prefix}${name}`
  }

  async setFlag(flag: GovernorFlag, on: boolean, reason = ''): Promise<void> {
    const key = this.key(GOVERNOR_KEYS[flag])
    if (on) await this.#redis.set(key, reason || '1')
    else await this.#redis.del(key)
    await this.publishAlert({
      level: on ? 'critical' : 'info',
      message: `${GOVERNOR_KEYS[flag]} ${on ? 'raised' : 'cleared'}${reason ? `: ${reason}` : ''}`,
      at: new Date().toISOString(),
    })
  }

  async flags(): Promise<Record<GovernorFlag, boolean>> {
    const [pause, stop] = await this.#redis.mget(
      this.key(GOVERNOR_KEYS.pause),
      this.key(GOVERNOR_KEYS.emergencyStop),
    )
    return { pause: pause !== null, emergencyStop: stop !== null }
  }

  async setPositions(positions: Readonly<Record<string, number>>): Promise<void> {
    const entries = Object.entries(positions)
    if (entries.length === 0) return
    await this.#redis.hset(
      this.key(GOVERNOR_KEYS.positions),
      Object.fromEntries(entries.map(([s, q]) => [s, String(q)])),
    )
  }

  async positions(): Promise<Record<string, number>> {
    const raw = await this.#redis.hgetall(this.key(GOVERNOR_KEYS.positions))
    return Object.fromEntries(Object.entries(raw).map(([s, q]) => [s, Number(q)]))
  }

  async publishAlert(alert: GovernorAlert): Promise<number> {
    return this.#redis.publish(this.key(GOVERNOR_KEYS.alerts), JSON.stringify(alert))
  }

  async enqueueDecision(fields: Readonly<Record<string, string>>): Promise<void> {
    await this.enqueueDecisions([fields])
  }

  /** Queues a batch of decisions with one command, in order. */
  async enqueueDecisions(batch: readonly Readonly<Record<string, string>>[]): Promise<void> {
    if (batch.length === 0) return
    await this.#redis.rpush(
      this.key(GOVERNOR_KEYS.decisions),
      ...batch.map((fields) => JSON.stringify(fields)),
    )
  }

  /** Takes up to `count` decisions off the front of the queue, in order. Never blocks. */
  async takeDecisions(count: number): Promise<QueuedDecision[]> {
    const raw = await this.#redis.lpop(this.key(GOVERNOR_KEYS.decisions), count)
    const items = raw === null ? [] : Array.isArray(raw) ? raw : [raw]
    return items.map((item) => ({ fields: JSON.parse(item) as Record<string, string> }))
  }

  /** Decisions queued and not yet taken: the "Redis backlog". */
  async backlog(): Promise<number> {
    return this.#redis.llen(this.key(GOVERNOR_KEYS.decisions))
  }

  /** Deletes every key of this prefix: a scenario starts from a clean slate. */
  async reset(): Promise<void> {
    await this.#redis.del(...Object.values(GOVERNOR_KEYS).map((k) => this.key(k)))
  }
}
