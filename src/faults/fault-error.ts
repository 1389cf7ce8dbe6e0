/** A toxic, fault or timeline entry was given a value it cannot run with. */
export class FaultSpecError extends Error {
  readonly code = 'STRESSGATE_FAULT_SPEC'
  constructor(message: string) {
    super(message)
    this.name = 'FaultSpecError'
  }
}

/** The fault proxy could not listen (port taken, not allowed) or was used after `stop()`. */
export class FaultProxyError extends Error {
  readonly code = 'STRESSGATE_FAULT_PROXY'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'FaultProxyError'
  }
}

/** A fault of a timeline failed to apply or revert; the active faults were reverted first. */
export class FaultTimelineError extends Error {
  readonly code = 'STRESSGATE_FAULT_TIMELINE'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'FaultTimelineError'
  }
}
