import type { StateChange } from '../contract/trading.js'

/** When trading was paused, in ms from the run start; `endMs` absent while still paused. */
export interface PauseWindow {
  readonly ackMs: number
  readonly endMs?: number
}

/**
 * Intervals (ms from the run start) when the engine said it was PAUSED or HALTED.
 *
 * @example
 * pausesFrom([{ state: 'PAUSED', atMs: 1_500, reason: 'x' }, { state: 'ACTIVE', atMs: 2_000, reason: 'y' }], 1_000)
 * // [{ ackMs: 500, endMs: 1_000 }]
 */
export function pausesFrom(states: readonly StateChange[], runStartMs: number): PauseWindow[] {
  const out: { ackMs: number; endMs?: number }[] = []
  for (const change of states) {
    const t = change.atMs - runStartMs
    const open = out[out.length - 1]
    const paused = change.state === 'PAUSED' || change.state === 'HALTED'
    if (paused && (open === undefined || open.endMs !== undefined)) out.push({ ackMs: t })
    else if (!paused && open !== undefined && open.endMs === undefined) open.endMs = t
  }
  return out
}
