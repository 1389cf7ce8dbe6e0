import { flagValue } from '../governor/redis-control.js'
import { GOVERNOR_KEYS } from '../store/redis-state.js'
import type { Fault, FaultContext } from './fault.js'
import { FaultSpecError } from './fault-error.js'

const KEYS = { pause: GOVERNOR_KEYS.pause, emergencyStop: GOVERNOR_KEYS.emergencyStop } as const

function redisOf(context: FaultContext, flag: string): NonNullable<FaultContext['redis']> {
  if (!context.redis) {
    throw new FaultSpecError(
      `controlFlag(${flag}): scenario "${context.scenario}" has no Redis. Run it with the stressgate plugin or pass services.`,
    )
  }
  return context.redis
}

/**
 * An operator raising a control flag in Redis during the run, as `stressgate governor pause|stop`
 * would: `pause` is cleared when the fault ends; an emergency stop stays (it latches). In
 * simulated time the flag is raised on the run's in-process control board instead.
 *
 * @example
 * faults: [{ at: 3_000, fault: controlFlag('emergencyStop', 'operator kill') }]
 */
export function controlFlag(flag: 'pause' | 'emergencyStop', reason: string): Fault {
  return {
    name: flag === 'pause' ? 'governor_pause' : 'governor_emergency_stop',
    requires: ['redis'],
    simulated: true,
    effect: flag === 'pause' ? 'pause' : 'halt',
    apply: async (context) => {
      if (context.control) return context.control.raise(flag, reason, context.clock.now())
      const { client, state } = redisOf(context, flag)
      await client.set(state.key(KEYS[flag]), flagValue(reason))
      await state.publishAlert({
        level: 'critical',
        message: `${KEYS[flag]} raised: ${reason}`,
        at: new Date().toISOString(),
      })
    },
    ...(flag === 'pause'
      ? {
          revert: async (context: FaultContext) => {
            if (context.control) return context.control.clear(flag)
            const { client, state } = redisOf(context, flag)
            await client.del(state.key(KEYS[flag]))
          },
        }
      : {}),
  }
}
