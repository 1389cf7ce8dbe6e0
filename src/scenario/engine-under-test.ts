import type { EngineLimits } from '../engines/engine-module.js'
import { processSlot } from './process-slot.js'

/**
 * "The engine this run certifies", as a shipped scenario asks for it: the engine module of the
 * run (`stressgate certify --engine`, the plugin's `engine` option, `STRESSGATE_ENGINE`) built
 * with these limits, or the reference governor when there is none.
 */
export interface EngineUnderTest {
  readonly kind: 'engine-under-test'
  readonly limits: EngineLimits
  /** This module instead of the run's. */
  readonly module?: string
}

/**
 * The engine under test, with the limits the scenario wants: the run's engine module, or the
 * reference governor by default. The harness judges fills against these limits.
 *
 * @example
 * runScenario({ name: 'flash_crash', engine: engineUnderTest({ maxPositionUsd: 250_000, maxDrawdownPct: 15 }), ... })
 */
export function engineUnderTest(
  limits: EngineLimits,
  options: { module?: string } = {},
): EngineUnderTest {
  return {
    kind: 'engine-under-test',
    limits,
    ...(options.module ? { module: options.module } : {}),
  }
}

/** Whether a spec's `engine` asks for the engine under test rather than giving one. */
export function isEngineUnderTest(value: unknown): value is EngineUnderTest {
  return (value as { kind?: unknown } | null)?.kind === 'engine-under-test'
}

const slot = processSlot<string>('stressgate.engine-module')

/**
 * The engine module the Vitest plugin configured for this worker (absolute path), if any.
 *
 * @example
 * ambientEngineModule() // '/home/me/project/src/my-governor.ts'
 */
export function ambientEngineModule(): string | undefined {
  return slot.get()
}

/** Sets (or clears) the engine module of this process. Called by the plugin's setup file. */
export function setAmbientEngineModule(path: string | undefined): void {
  slot.set(path)
}
