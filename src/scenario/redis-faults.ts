import type { Redis } from 'ioredis'
import type { Fault } from '../faults/fault.js'
import { FaultSpecError } from '../faults/fault-error.js'
import { flagValue } from '../governor/redis-control.js'
import { GOVERNOR_KEYS, type RedisState } from '../store/redis-state.js'
import { processSlot } from './process-slot.js'

/** The Redis live state of the run in progress in this process (set by `runScenario`). */
export const currentRunRedis = processSlot<{ state: RedisState; redis: Redis }>(
  'stressgate.current-run-redis',
)

const KEYS = { pause: GOVERNOR_KEYS.pause, emergencyStop: GOVERNOR_KEYS.emergencyStop } as const

/**
 * An operator raising a control flag in Redis during the run, as `stressgate governor pause|stop`
 * would: `pause` is cleared when the fault ends; an emergency stop stays (it latches).
 *
 * @example
 * faults: [{ at: 3_000, fault: controlFlag('emergencyStop', 'operator kill') }]
 */
export function controlFlag(flag: 'pause' | 'emergencyStop', reason: string): Fault {
  const live = () => {
    const current = currentRunRedis.get()
    if (!current) {
      throw new FaultSpecError(
        `controlFlag(${flag}): this run has no Redis. Run it with the stressgate plugin or pass services.`,
      )
    }
    return current
  }
  const key = () => live().state.key(KEYS[flag])
  return {
    name: flag === 'pause' ? 'governor_pause' : 'governor_emergency_stop',
    apply: async () => {
      const { redis, state } = live()
      await redis.set(key(), flagValue(reason))
      await state.publishAlert({
        level: 'critical',
        message: `${KEYS[flag]} raised: ${reason}`,
        at: new Date().toISOString(),
      })
    },
    ...(flag === 'pause'
      ? {
          revert: async () => {
            await live().redis.del(key())
          },
        }
      : {}),
  }
}
