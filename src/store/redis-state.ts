import type { Redis } from 'ioredis'

/** The live-state keys, as the seed platform named them. */
export const GOVERNOR_KEYS = {
  pause: 'governor.pause',
  emergencyStop: 'governor.emergency_stop',
  positions: 'governor.positions',
  alerts: 'governor.alerts',
  decisions: 'governor.decisions',
  decisionsCursor: 'governor.decisions.cursor',
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
  readonly id: string
  readonly fields: Readonly<Record<string, string>>
}

const STREAM_START = '0-0'

/** Orders two stream ids (`ms-seq`) numerically: negative, zero or positive. */
export function compareStreamIds(a: string, b: string): number {
  const [am = '0', as = '0'] = a.split('-')
  const [bm = '0', bs = '0'] = b.split('-')
  const ms = BigInt(am) - BigInt(bm)
  const diff = ms !== 0n ? ms : BigInt(as) - BigInt(bs)
  return diff < 0n ? -1 : diff > 0n ? 1 : 0
}

/**
 * Live governor state in Redis: control flags, positions, an alerts channel, and a decision
 * queue (a stream read with the reader's own cursor; the backlog is the entries past it). Uses
 * only commands the embedded ioredis-mock supports too: no blocking pops, no consumer groups.
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

  async enqueueDecision(fields: Readonly<Record<string, string>>): Promise<string> {
    const id = await this.#redis.xadd(
      this.key(GOVERNOR_KEYS.decisions),
      '*',
      ...Object.entries(fields).flat(),
    )
    if (id === null) throw new Error(`XADD to ${this.key(GOVERNOR_KEYS.decisions)} returned no id`)
    return id
  }

  /**
   * Entries past the cursor. The range starts at the cursor's millisecond (a plain number: the
   * embedded Redis compares range bounds as numbers) and drops what is not strictly after it.
   */
  async #pastCursor(cursor: string): Promise<[string, string[]][]> {
    const ms = cursor.split('-')[0] ?? '0'
    const entries = await this.#redis.xrange(this.key(GOVERNOR_KEYS.decisions), ms, '+')
    return entries.filter(([id]) => compareStreamIds(id, cursor) > 0)
  }

  /** Reads up to `count` decisions past the stored cursor and advances it. Never blocks. */
  async takeDecisions(count: number): Promise<QueuedDecision[]> {
    const entries = (await this.#pastCursor(await this.cursor())).slice(0, count)
    const last = entries[entries.length - 1]
    if (last) await this.#redis.set(this.key(GOVERNOR_KEYS.decisionsCursor), last[0])
    return entries.map(([id, flat]) => {
      const fields: Record<string, string> = {}
      for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i] as string] = flat[i + 1] as string
      return { id, fields }
    })
  }

  async cursor(): Promise<string> {
    return (await this.#redis.get(this.key(GOVERNOR_KEYS.decisionsCursor))) ?? STREAM_START
  }

  /** Decisions queued past the reader's cursor: the "Redis backlog". */
  async backlog(): Promise<number> {
    return (await this.#pastCursor(await this.cursor())).length
  }

  /** Deletes every key of this prefix: a scenario starts from a clean slate. */
  async reset(): Promise<void> {
    await this.#redis.del(...Object.values(GOVERNOR_KEYS).map((k) => this.key(k)))
  }
}
