import { StressgateError } from '../common/stressgate-error.js'
/** A toxic, fault or timeline entry was given a value it cannot run with. */
export class FaultSpecError extends StressgateError {
  readonly code = 'STRESSGATE_FAULT_SPEC'
}

/** The fault proxy could not listen (port taken, not allowed) or was used after `stop()`. */
export class FaultProxyError extends StressgateError {
  readonly code = 'STRESSGATE_FAULT_PROXY'
}

/** A fault of a timeline failed to apply or revert; the active faults were reverted first. */
export class FaultTimelineError extends StressgateError {
  readonly code = 'STRESSGATE_FAULT_TIMELINE'
}
