import type { Redis } from 'ioredis'
import type { Clock } from '../common/clock.js'
import { type EngineWith, hasCapability } from '../contract/risk-engine.js'
import { GOVERNOR_KEYS, type RedisState } from '../store/redis-state.js'

/** The flag value the governor writes itself when it loses the broker link. */
export const LINK_DOWN_REASON = 'broker link down'

/** What the Redis control saw: when each external flag took effect, after it was raised. */
export interface RedisControlReport {
  /** Milliseconds from a flag being raised (its `at` stamp) to the governor acting on it. */
  readonly pauseLatenciesMs: readonly number[]
  /**
   * Times the critical pause flag (`governor.pause` for a lost broker link) was seen raised in
   * Redis, whoever raised it: the engine itself, or this loop on behalf of an engine whose state
   * log says it paused for the link.
   */
  readonly pauseFlagsRaised: number
  readonly emergencyStops: number
}

/** A running control loop. */
export interface RedisControl {
  stop(): Promise<RedisControlReport>
}

/** The value of a raised flag: who raised it, why, and when (epoch ms). */
export function flagValue(reason: string, atEpochMs = Date.now()): string {
  return JSON.stringify({ reason, at: atEpochMs })
}

const parseFlag = (raw: string | null): { reason: string; at?: number } | undefined => {
  if (raw === null) return undefined
  try {
    const v = JSON.parse(raw) as { reason?: unknown; at?: unknown }
    return { reason: String(v.reason ?? raw), ...(typeof v.at === 'number' ? { at: v.at } : {}) }
  } catch {
    return { reason: raw }
  }
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
  const latencies: number[] = []
  let seenLinkPauses = 0
  let stops = 0
  let lastPause: string | undefined
  let lastStop: string | undefined
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
        const pause = parseFlag(pauseRaw ?? null)
        if (pause?.reason === LINK_DOWN_REASON && lastPause !== pauseRaw) seenLinkPauses++
        const external = pause !== undefined && pause.reason !== LINK_DOWN_REASON
        if (external && lastPause !== pauseRaw) {
          await governor.pause(`governor.pause: ${pause.reason}`)
          if (pause.at !== undefined) latencies.push(Date.now() - pause.at)
        }
        if (
          !external &&
          lastPause !== undefined &&
          parseFlag(lastPause)?.reason !== LINK_DOWN_REASON
        ) {
          await governor.resume('governor.pause')
        }
        lastPause = pauseRaw ?? undefined
        const stop = parseFlag(stopRaw ?? null)
        if (stop !== undefined && stopRaw !== lastStop) {
          await governor.emergencyStop(`governor.emergency_stop: ${stop.reason}`)
          stops++
          if (stop.at !== undefined) latencies.push(Date.now() - stop.at)
        }
        lastStop = stopRaw ?? undefined
      } catch {
        // The engine refused a control call: the next poll asks again.
      } finally {
        reading = undefined
      }
    })()
    return reading
  }

  const timer = setInterval(() => void read(), options.pollMs ?? 50)
  timer.unref()
  const subscriber = redis.duplicate()
  subscriber.on('error', () => undefined)
  subscriber.on('ready', () => void read()) // re-read after any reconnect
  void subscriber.subscribe(state.key(GOVERNOR_KEYS.alerts)).catch(() => undefined)
  subscriber.on('message', () => void read())
  void read()

  const pauseKey = state.key(GOVERNOR_KEYS.pause)
  const unsubscribeState = hasCapability(governor, 'state')
    ? watchLink(governor, (down) => onLinkPause(down))
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
      clearInterval(timer)
      unsubscribeState()
      await reading
      await read() // a flag raised since the last poll is seen too
      subscriber.disconnect()
      return {
        pauseLatenciesMs: latencies,
        pauseFlagsRaised: seenLinkPauses,
        emergencyStops: stops,
      }
    },
  }
}

/** Calls `onChange(true)` when the engine pauses for its broker link, `false` when restored. */
function watchLink(governor: EngineWith<'state'>, onChange: (down: boolean) => void): () => void {
  let seen = governor.stateLog().length
  const timer = setInterval(() => {
    const log = governor.stateLog()
    for (const change of log.slice(seen)) {
      if (change.reason === LINK_DOWN_REASON) onChange(true)
      if (change.reason === 'broker link restored') onChange(false)
    }
    seen = log.length
  }, 10)
  timer.unref()
  return () => clearInterval(timer)
}
