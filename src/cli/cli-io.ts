import { StressgateError } from '../common/stressgate-error.js'
/** Where the CLI writes; injected so tests can read it. */
export interface CliIo {
  out(text: string): void
  err(text: string): void
}

/** The CLI could not do what was asked; the message says why and what to do. */
export class CliError extends StressgateError {
  readonly code = 'STRESSGATE_CLI'
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message)
  }
}
