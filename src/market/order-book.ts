/** One price level of one side of the book. */
export interface BookLevel {
  readonly price: number
  readonly size: number
}

/** Options of {@link bookDepth}. */
export interface BookModel {
  /** Displayed size at the touch at normal depth. @default 500 */
  touchSize?: number
  /** Levels per side. @default 10 */
  levels?: number
  /** Size decays as exp(-distance / decay), distance in levels from the touch. @default 4 */
  decay?: number
  /** Price increment between levels. @default 0.25 */
  tickSize?: number
  /** Half the spread at the touch, in ticks. @default 0.5 */
  halfSpreadTicks?: number
}

/**
 * A stylised book: level i (0 at the touch) holds touchSize * exp(-i / decay) * depthPct / 100,
 * priced i ticks away from the best quote, which sits halfSpreadTicks from the mid.
 *
 * @example
 * bookDepth({ side: 'ask', mid: 100, depthPct: 100 }).levels[0] // { price: 100.125, size: 500 }
 */
export function bookDepth(
  at: { side: 'bid' | 'ask'; mid: number; depthPct: number },
  model: BookModel = {},
): { levels: BookLevel[] } {
  const touch = model.touchSize ?? 500
  const count = model.levels ?? 10
  const decay = model.decay ?? 4
  const tick = model.tickSize ?? 0.25
  const half = (model.halfSpreadTicks ?? 0.5) * tick
  const direction = at.side === 'ask' ? 1 : -1
  const levels: BookLevel[] = []
  for (let i = 0; i < count; i++) {
    levels.push({
      price: at.mid + direction * (half + i * tick),
      size: touch * Math.exp(-i / decay) * (at.depthPct / 100),
    })
  }
  return { levels }
}

/** What a marketable order gets from walking the book. */
export interface BookWalk {
  readonly filled: number
  /** Volume-weighted average price of what filled (NaN when nothing did). */
  readonly averagePrice: number
  /** Quantity the book could not absorb. */
  readonly unfilled: number
}

/**
 * Fills `quantity` level by level: the average price worsens as the order eats deeper levels,
 * and an order larger than the displayed book is left partly unfilled.
 *
 * @example
 * walkBook([{ price: 100, size: 10 }, { price: 101, size: 10 }], 15) // { filled: 15, averagePrice: 100.333..., unfilled: 0 }
 */
export function walkBook(levels: readonly BookLevel[], quantity: number): BookWalk {
  let remaining = quantity
  let cost = 0
  for (const level of levels) {
    if (remaining <= 0) break
    const take = Math.min(remaining, level.size)
    cost += take * level.price
    remaining -= take
  }
  const filled = quantity - remaining
  return { filled, averagePrice: filled > 0 ? cost / filled : Number.NaN, unfilled: remaining }
}
