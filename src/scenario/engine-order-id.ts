/*
 * The ids the run gives the orders an engine sends by itself (a flatten, a kill switch), written
 * once: the trading session names them, the control windows count them.
 */

const MARK = '-engine-'

/**
 * The id of the `seq`-th order the engine sent by itself in scenario `scenario`.
 *
 * @example
 * engineOrderId('hard_kill', 3) // 'hard_kill-engine-3'
 */
export const engineOrderId = (scenario: string, seq: number): string => `${scenario}${MARK}${seq}`

/** Whether an order id is one {@link engineOrderId} gave. */
export const isEngineOrderId = (id: string): boolean => id.includes(MARK)
