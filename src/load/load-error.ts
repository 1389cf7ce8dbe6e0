/** A load shape was given a value it cannot run with. */
export class LoadSpecError extends Error {
  readonly code = 'STRESSGATE_LOAD_SPEC'
  constructor(message: string) {
    super(message)
    this.name = 'LoadSpecError'
  }
}
