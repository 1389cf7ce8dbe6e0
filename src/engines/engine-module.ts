import { isAbsolute, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Clock } from '../common/clock.js'
import { StressgateError } from '../common/stressgate-error.js'
import type { RiskEngine } from '../contract/risk-engine.js'
import type { ReferenceGovernorOptions } from '../governor/reference-governor.js'
import type { ServiceConnections } from '../services/service-types.js'

/**
 * The limits a scenario wants of the engine under test: the reference governor's options
 * (position and drawdown limits, order size, collar, throttle...), without its wiring.
 */
export type EngineLimits = Omit<ReferenceGovernorOptions, 'clock' | 'onStateChange'>

/** What an engine module's factory is given for one scenario run. */
export interface EngineModuleOptions {
  /** The limits the scenario wants enforced. */
  readonly limits: EngineLimits
  /** The run's clock: decide and time everything by it. */
  readonly clock: Clock
  /** The scenario's name, e.g. `flash_crash`. */
  readonly scenario: string
  /** The run's services (Redis for control flags, PostgreSQL...), when it has them. */
  readonly services?: ServiceConnections
}

/**
 * The contract of an engine module (`stressgate certify --engine <path>`, the plugin's `engine`
 * option, `STRESSGATE_ENGINE`): its default export builds the engine for one scenario run.
 * An engine that has `close()` or `[Symbol.asyncDispose]()` is closed when the run ends.
 *
 * @example
 * // src/my-governor.ts
 * const factory: EngineFactory = ({ limits, clock }) => myGovernor(limits.maxPositionUsd, clock)
 * export default factory
 */
export type EngineFactory = (options: EngineModuleOptions) => RiskEngine | Promise<RiskEngine>

/** An engine module could not be loaded or did not build an engine. */
export class EngineModuleError extends StressgateError {
  readonly code = 'STRESSGATE_ENGINE_MODULE'
}

/**
 * Imports an engine module and returns its factory; a missing file, a failing import or a
 * default export that is not a function is an {@link EngineModuleError} naming the path and
 * the fix. A relative path is taken from `root` (default: the working directory).
 *
 * @example
 * const factory = await importEngineModule('./src/my-governor.ts')
 */
export async function importEngineModule(
  path: string,
  root = process.cwd(),
): Promise<EngineFactory> {
  const absolute = isAbsolute(path) ? path : resolve(root, path)
  let module: { default?: unknown }
  try {
    module = (await import(pathToFileURL(absolute).href)) as { default?: unknown }
  } catch (error) {
    throw new EngineModuleError(
      `engine module ${absolute} could not be imported: ${(error as Error)?.message ?? String(error)}. Check the path (--engine, the plugin's engine option or STRESSGATE_ENGINE) and that the file loads on its own.`,
      { cause: error },
    )
  }
  if (typeof module.default !== 'function') {
    throw new EngineModuleError(
      `engine module ${absolute}: its default export must be a factory (options) => RiskEngine, got ${module.default === undefined ? 'no default export' : typeof module.default}. Write: export default function engine({ limits, clock }) { return { decide(request) { ... } } }`,
    )
  }
  return module.default as EngineFactory
}
