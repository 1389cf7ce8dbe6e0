import { statfs } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { GuardResult } from './types.js'

const MIB = 1024 * 1024

/** Below this much free space the check fails. */
export const DEFAULT_MIN_FREE_MB = 500
/** Below this much free space the check warns. */
export const DEFAULT_WARN_FREE_MB = 2048

/** Options of {@link checkDisk}. */
export interface DiskOptions {
  /** The report folder; its filesystem is measured (the nearest existing ancestor when absent). */
  dir: string
  /** Fail below this many MiB free. @default 500 */
  minFreeMb?: number
  /** Warn below this many MiB free (never below `minFreeMb`). @default 2048 */
  warnFreeMb?: number
}

/** Bytes available to this user on the filesystem holding `dir` (or its nearest existing parent). */
export async function freeBytes(dir: string): Promise<{ bytes: number; measured: string }> {
  for (let at = resolve(dir); ; at = dirname(at)) {
    try {
      const s = await statfs(at)
      return { bytes: Number(s.bavail) * Number(s.bsize), measured: at }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(at) === at) throw error
    }
  }
}

const size = (bytes: number): string =>
  bytes >= 1024 * MIB
    ? `${(bytes / (1024 * MIB)).toFixed(1)} GiB`
    : `${Math.floor(bytes / MIB)} MiB`

/**
 * Free space where reports are written: fail under `minFreeMb`, warn under `warnFreeMb`.
 *
 * @example
 * await checkDisk({ dir: 'reports', minFreeMb: 500 })
 * // { name: 'disk', status: 'ok', detail: '41.3 GiB free at /work/main' }
 */
export async function checkDisk(options: DiskOptions): Promise<GuardResult> {
  const minFreeMb = options.minFreeMb ?? DEFAULT_MIN_FREE_MB
  const warnFreeMb = Math.max(options.warnFreeMb ?? DEFAULT_WARN_FREE_MB, minFreeMb)
  const { bytes, measured } = await freeBytes(options.dir)
  const detail = `${size(bytes)} free at ${measured}`
  if (bytes < minFreeMb * MIB) {
    return {
      name: 'disk',
      status: 'fail',
      detail: `${detail}, under the ${minFreeMb} MiB minimum`,
      fix: 'free disk space, write reports elsewhere, or lower --min-free-mb',
    }
  }
  if (bytes < warnFreeMb * MIB) {
    return {
      name: 'disk',
      status: 'warn',
      detail: `${detail}, under ${warnFreeMb} MiB`,
      fix: 'long runs write large reports and traces: free some disk space',
    }
  }
  return { name: 'disk', status: 'ok', detail }
}
