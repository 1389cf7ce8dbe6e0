import type { Redis } from 'ioredis'
import type { Clock } from '../common/clock.js'
import { realTicker } from '../common/ticker.js'
import { type EngineWith, hasCapability } from '../contract/risk-engine.js'
import { GOVERNOR_KEYS, type RedisState } from '../store/redis-state.js'
import {
  FlagTracker,
  flagValue,
  LINK_DOWN_REASON,
  parseFlag,
  type RedisControlReport,
  watchLinkPauses,
} from './flag-tracker.js'

export { flagValue, LINK_DOWN_REASON, type RedisControlReport } from './flag-tracker.js'

/** A running control loop. */
export interface RedisControl {
  stop(): Promise<RedisControlReport>
}

/**
 * Live control of a controllable engine through Redis, as the seed platform had it:
 * `governor.pause` pauses it (resumes it when cleared), `governor.emergency_stop` stops it, once
 * per raised flag. The flags are polled every `pollMs` and re-read on every alert and after every
 * reconnect (pub/sub can lose messages). When an engine that reports its state pauses for a lost
 * broker link, the critical pause flag is raised for it, and cleared when the link is restored.
 *
 * @example
 * const control = attachRedisControl(governor, state, redis, { clock })
 * const { pauseLatenciesMs } = await control.stop()
 */
export function attachRedisControl(
  governor: EngineWith<'control'>,
  state: RedisState,
  redis: Redis,
  options: { pollMs?: number; clock: Clock; onRedisError?: (error: unknown) => void },
): RedisControl {
  const tracker = new FlagTracker(governor, () => Date.now())
  let stopped = false
  let reading: Promise<void> | undefined

  const read = (): Promise<void> => {
    reading ??= (async () => {
      try {
        let flags: (string | null)[]
        try {
          flags = await redis.mget(
            state.key(GOVERNOR_KEYS.pause),
            state.key(GOVERNOR_KEYS.emergencyStop),
          )
        } catch (error) {
          // Redis unreachable: keep the last known state; the next poll tries again.
          options.onRedisError?.(error)
          return
        }
        const [pauseRaw, stopRaw] = flags
        await tracker.observe(pauseRaw ?? null, stopRaw ?? null)
      } catch {
        // The engine refused a control call: the next poll asks again.
      } finally {
        reading = undefined
      }
    })()
    return reading
  }

  const stopPolling = realTicker.every(options.pollMs ?? 50, () => void read())
  const subscriber = redis.duplicate()
  subscriber.on('error', () => undefined)
  subscriber.on('ready', () => void read()) // re-read after any reconnect
  void subscriber.subscribe(state.key(GOVERNOR_KEYS.alerts)).catch(() => undefined)
  subscriber.on('message', () => void read())
  void read()

  const pauseKey = state.key(GOVERNOR_KEYS.pause)
  const unsubscribeState = hasCapability(governor, 'state')
    ? watchLinkPauses(governor, realTicker, (down) => onLinkPause(down))
    : () => undefined
  function onLinkPause(down: boolean): void {
    if (stopped) return
    const at = new Date().toISOString()
    if (down) {
      void redis
        .set(pauseKey, flagValue(LINK_DOWN_REASON))
        .then(() => read())
        .catch(() => undefined)
      void state
        .publishAlert({
          level: 'critical',
          message: `governor.pause raised: ${LINK_DOWN_REASON}`,
          at,
        })
        .catch(() => undefined)
      return
    }
    void (async () => {
      // Clear only the flag the governor raised itself; an operator's pause stays.
      if (parseFlag(await redis.get(pauseKey))?.reason === LINK_DOWN_REASON)
        await redis.del(pauseKey)
      await state.publishAlert({
        level: 'info',
        message: 'governor.pause cleared: broker link restored',
        at,
      })
    })().catch(() => undefined)
  }

  return {
    async stop() {
      stopped = true
      stopPolling()
      unsubscribeState()
      await reading
      await read() // a flag raised since the last poll is seen too
      subscriber.disconnect()
      return tracker.report('redis')
    },
  }
}
