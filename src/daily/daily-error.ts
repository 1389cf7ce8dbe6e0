/** `up`/`down` could not set up or tear down; the message names what and how to fix it. */
export class DailyError extends Error {
  readonly code = 'STRESSGATE_DAILY'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'DailyError'
  }
}
