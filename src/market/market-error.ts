/** A market model was given a value it cannot build a path from. */
export class MarketSpecError extends Error {
  readonly code = 'STRESSGATE_MARKET_SPEC'
  constructor(message: string) {
    super(message)
    this.name = 'MarketSpecError'
  }
}
