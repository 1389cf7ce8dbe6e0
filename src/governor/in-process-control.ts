import type { Clock } from '../common/clock.js'
import type { Ticker } from '../common/ticker.js'
import { type EngineWith, hasCapability } from '../contract/risk-engine.js'
import {
  FlagTracker,
  flagValue,
  LINK_DOWN_REASON,
  parseFlag,
  type RedisControlReport,
  watchLinkPauses,
} from './flag-tracker.js'
import type { RedisControl } from './redis-control.js'

/** The two control flags an operator raises. */
export type ControlFlagName = 'pause' | 'emergencyStop'

/**
 * The control flags of a simulated run, held in process instead of Redis: raised and cleared on
 * the simulated clock, read by {@link attachInProcessControl} with the rules of the Redis loop.
 *
 * @example
 * const board = new ControlBoard()
 * board.raise('pause', 'operator pause', sim.now())
 */
export class ControlBoard {
  readonly #flags = new Map<ControlFlagName, string>()

  raise(flag: ControlFlagName, reason: string, atMs: number): void {
    this.#flags.set(flag, flagValue(reason, atMs))
  }

  clear(flag: ControlFlagName): void {
    this.#flags.delete(flag)
  }

  /** The raw value of a flag, null when not raised. */
  read(flag: ControlFlagName): string | null {
    return this.#flags.get(flag) ?? null
  }
}

/**
 * The control loop of a simulated run: polls the {@link ControlBoard} every `pollMs` of
 * simulated time (as the Redis loop polls Redis) and pauses, resumes or stops the engine; an
 * engine that reports its state gets the critical pause flag raised for a lost broker link.
 * Latencies are simulated milliseconds from raising a flag to the engine being told.
 *
 * @example
 * const control = attachInProcessControl(governor, board, { clock: sim.clock, ticker: simulatedTicker(sim) })
 */
export function attachInProcessControl(
  governor: EngineWith<'control'>,
  board: ControlBoard,
  options: { clock: Clock; ticker: Ticker; pollMs?: number },
): RedisControl {
  const tracker = new FlagTracker(governor, () => options.clock.now())
  let reading: Promise<void> = Promise.resolve()
  const read = (): Promise<void> => {
    reading = reading
      .then(() => tracker.observe(board.read('pause'), board.read('emergencyStop')))
      .catch(() => undefined) // the engine refused a control call: the next poll asks again
    return reading
  }
  const stopPolling = options.ticker.every(options.pollMs ?? 50, () => void read())
  const stopWatching = hasCapability(governor, 'state')
    ? watchLinkPauses(governor, options.ticker, (down) => {
        if (down) board.raise('pause', LINK_DOWN_REASON, options.clock.now())
        else if (parseFlag(board.read('pause'))?.reason === LINK_DOWN_REASON) board.clear('pause')
        void read()
      })
    : () => undefined
  return {
    async stop(): Promise<RedisControlReport> {
      stopPolling()
      stopWatching()
      await read()
      return tracker.report('in-process')
    },
  }
}
