import type { StandaloneFault } from './fault.js'
import { FaultSpecError } from './fault-error.js'

/** Options of {@link memoryPressure}. */
export interface MemoryPressureOptions {
  /** Bytes to allocate and hold while the fault is active. */
  readonly bytes: number
  /** Size of each Buffer. @default 1 MiB */
  readonly chunkBytes?: number
  /** @default 'memory_pressure' */
  readonly name?: string
}

/** A memory-pressure fault; `heldBytes()` tells how much it holds now. */
export interface MemoryPressureFault extends StandaloneFault {
  heldBytes(): number
  revert(): void
}

const MIB = 1024 * 1024

const checkBytes = (field: string, value: unknown, min: number): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new FaultSpecError(
      `memoryPressure: ${field} must be an integer >= ${min} (bytes), got ${String(value)}. Example: memoryPressure({ bytes: 256 * 1024 * 1024 }).`,
    )
  }
  return value
}

/**
 * Allocates `bytes` in Buffers and holds them until reverted, then drops them for the GC. The
 * Buffers are filled so the pages are really committed (resident), not just reserved.
 *
 * @example
 * const entry = { at: 0, duration: 5_000, fault: memoryPressure({ bytes: 256 * 1024 * 1024 }) }
 */
export function memoryPressure(options: MemoryPressureOptions): MemoryPressureFault {
  const bytes = checkBytes('bytes', options.bytes, 0)
  const chunkBytes = checkBytes('chunkBytes', options.chunkBytes ?? MIB, 1)
  let held: Buffer[] = []
  return {
    name: options.name ?? 'memory_pressure',
    apply: () => {
      for (let left = bytes; left > 0; left -= chunkBytes) {
        held.push(Buffer.alloc(Math.min(chunkBytes, left), 0xa5))
      }
    },
    revert: () => {
      held = []
    },
    heldBytes: () => held.reduce((sum, buffer) => sum + buffer.length, 0),
  }
}
