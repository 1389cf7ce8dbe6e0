import type { Redis } from 'ioredis'
import { GOVERNOR_KEYS, type GovernorFlag, RedisState } from '../store/redis-state.js'
import { flagValue } from './redis-control.js'

/** A raised control flag: why, and when (absent when another tool wrote a bare value). */
export interface RaisedFlag {
  readonly reason: string
  readonly atEpochMs?: number
}

/** The control flags as an operator sees them. */
export type FlagStatus = Readonly<Record<GovernorFlag, RaisedFlag | undefined>>

function parse(raw: string | null): RaisedFlag | undefined {
  if (raw === null) return undefined
  try {
    const v = JSON.parse(raw) as { reason?: unknown; at?: unknown }
    if (typeof v === 'object' && v !== null && typeof v.reason === 'string')
      return { reason: v.reason, ...(typeof v.at === 'number' ? { atEpochMs: v.at } : {}) }
  } catch {
    // a bare value, as the seed platform's shell scripts wrote it
  }
  return { reason: raw }
}

/**
 * Reads `governor.pause` and `governor.emergency_stop`.
 *
 * @example
 * const flags = await readFlags(redis)
 * if (flags.emergencyStop) console.log(`stopped: ${flags.emergencyStop.reason}`)
 */
export async function readFlags(redis: Redis, prefix = ''): Promise<FlagStatus> {
  const state = new RedisState(redis, prefix)
  const [pause, stop] = await redis.mget(
    state.key(GOVERNOR_KEYS.pause),
    state.key(GOVERNOR_KEYS.emergencyStop),
  )
  return { pause: parse(pause ?? null), emergencyStop: parse(stop ?? null) }
}

/**
 * Raises a flag as the governor's Redis control expects it (`{"reason", "at"}`, so the governor
 * can measure its flag-to-action latency) and publishes a critical alert, which makes a running
 * governor re-read its flags at once instead of at its next poll.
 *
 * @example
 * await raiseFlag(redis, 'emergencyStop', 'desk head: runaway algo')
 */
export async function raiseFlag(
  redis: Redis,
  flag: GovernorFlag,
  reason: string,
  prefix = '',
  now: () => number = Date.now,
): Promise<void> {
  const state = new RedisState(redis, prefix)
  const at = now()
  await redis.set(state.key(GOVERNOR_KEYS[flag]), flagValue(reason, at))
  await state.publishAlert({
    level: 'critical',
    message: `${GOVERNOR_KEYS[flag]} raised: ${reason}`,
    at: new Date(at).toISOString(),
  })
}

/**
 * Clears a flag and publishes an info alert. Returns whether it was raised.
 *
 * @example
 * await clearFlag(redis, 'pause') // true when the governor was paused by the flag
 */
export async function clearFlag(redis: Redis, flag: GovernorFlag, prefix = ''): Promise<boolean> {
  const state = new RedisState(redis, prefix)
  const removed = await redis.del(state.key(GOVERNOR_KEYS[flag]))
  await state.publishAlert({
    level: 'info',
    message: `${GOVERNOR_KEYS[flag]} cleared`,
    at: new Date().toISOString(),
  })
  return removed > 0
}
