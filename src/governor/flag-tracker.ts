import type { Ticker } from '../common/ticker.js'
import type { EngineWith } from '../contract/risk-engine.js'

/** The flag value the governor writes itself when it loses the broker link. */
export const LINK_DOWN_REASON = 'broker link down'

/** What a control loop saw: when each external flag took effect, after it was raised. */
export interface RedisControlReport {
  /** Milliseconds from a flag being raised (its `at` stamp) to the governor acting on it. */
  readonly pauseLatenciesMs: readonly number[]
  /**
   * Times the critical pause flag (`governor.pause` for a lost broker link) was seen raised,
   * whoever raised it: the engine itself, or the control loop on behalf of an engine whose state
   * log says it paused for the link.
   */
  readonly pauseFlagsRaised: number
  readonly emergencyStops: number
  /**
   * Where the flags lived: in Redis, or (simulated time) in process on the simulated clock,
   * read with the same rules.
   */
  readonly channel?: 'redis' | 'in-process'
}

/** The value of a raised flag: who raised it, why, and when (epoch ms, or simulated ms). */
export function flagValue(reason: string, atEpochMs = Date.now()): string {
  return JSON.stringify({ reason, at: atEpochMs })
}

/** A raised flag's reason and stamp; a bare string is its own reason. */
export function parseFlag(raw: string | null): { reason: string; at?: number } | undefined {
  if (raw === null) return undefined
  try {
    const v = JSON.parse(raw) as { reason?: unknown; at?: unknown }
    return { reason: String(v.reason ?? raw), ...(typeof v.at === 'number' ? { at: v.at } : {}) }
  } catch {
    return { reason: raw }
  }
}

/**
 * The rules of the control flags, whatever carries them: an external `governor.pause` pauses
 * the engine (and its clearing resumes it), a raised `governor.emergency_stop` stops it once;
 * the pause the engine raised for its own broker link is counted, never acted on.
 *
 * @example
 * const tracker = new FlagTracker(governor, () => Date.now())
 * await tracker.observe(await redis.get(pauseKey), await redis.get(stopKey))
 */
export class FlagTracker {
  readonly #governor: EngineWith<'control'>
  readonly #now: () => number
  readonly #latencies: number[] = []
  #linkPauses = 0
  #stops = 0
  #lastPause: string | undefined
  #lastStop: string | undefined

  constructor(governor: EngineWith<'control'>, now: () => number) {
    this.#governor = governor
    this.#now = now
  }

  /** Acts on the flags as they are now (raw values, null when not raised). */
  async observe(pauseRaw: string | null, stopRaw: string | null): Promise<void> {
    const pause = parseFlag(pauseRaw)
    if (pause?.reason === LINK_DOWN_REASON && this.#lastPause !== pauseRaw) this.#linkPauses++
    const external = pause !== undefined && pause.reason !== LINK_DOWN_REASON
    if (external && this.#lastPause !== pauseRaw) {
      await this.#governor.pause(`governor.pause: ${pause.reason}`)
      if (pause.at !== undefined) this.#latencies.push(this.#now() - pause.at)
    }
    const last = this.#lastPause === undefined ? undefined : parseFlag(this.#lastPause)
    if (!external && last !== undefined && last.reason !== LINK_DOWN_REASON) {
      await this.#governor.resume('governor.pause')
    }
    this.#lastPause = pauseRaw ?? undefined
    const stop = parseFlag(stopRaw)
    if (stop !== undefined && stopRaw !== this.#lastStop) {
      await this.#governor.emergencyStop(`governor.emergency_stop: ${stop.reason}`)
      this.#stops++
      if (stop.at !== undefined) this.#latencies.push(this.#now() - stop.at)
    }
    this.#lastStop = stopRaw ?? undefined
  }

  report(channel: RedisControlReport['channel']): RedisControlReport {
    return {
      pauseLatenciesMs: [...this.#latencies],
      pauseFlagsRaised: this.#linkPauses,
      emergencyStops: this.#stops,
      ...(channel ? { channel } : {}),
    }
  }
}

/** Calls `onChange(true)` when the engine pauses for its broker link, `false` when restored. */
export function watchLinkPauses(
  governor: EngineWith<'state'>,
  ticker: Ticker,
  onChange: (down: boolean) => void,
): () => void {
  let seen = governor.stateLog().length
  return ticker.every(10, () => {
    const log = governor.stateLog()
    for (const change of log.slice(seen)) {
      if (change.reason === LINK_DOWN_REASON) onChange(true)
      if (change.reason === 'broker link restored') onChange(false)
    }
    seen = log.length
  })
}
