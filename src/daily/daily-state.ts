import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { DayStamp } from './day.js'
import type { ProcessIdentity } from './process-identity.js'

/** The long-lived processes `up` starts. */
export type DailyProcessName = 'redis' | 'postgres' | 'pushgateway' | 'metrics'

/** The order they start in (and stop in, reversed). */
export const DAILY_PROCESSES: readonly DailyProcessName[] = [
  'redis',
  'postgres',
  'pushgateway',
  'metrics',
]

/** Where the services come from: real local binaries, or none (the run uses embedded ones). */
export const DAILY_SERVICE_MODES = ['local', 'embedded'] as const
export type DailyServiceMode = (typeof DAILY_SERVICE_MODES)[number]

/** One process `up` started, as the state file remembers it. */
export interface ProcessRecord extends ProcessIdentity {
  readonly name: DailyProcessName
  /** Executable and arguments. */
  readonly command: readonly string[]
  readonly port: number
  readonly url: string
  readonly log: string
  /** ISO time of the spawn. */
  readonly startedAt: string
  /** False from the spawn until it answered: a crash in between leaves it `false`. */
  readonly ready: boolean
  /** Version or other one-line detail, once it answered. */
  readonly detail?: string
}

/** `.stressgate/daily/state.json`. */
export interface DailyState {
  readonly version: 1
  /** The day of the `up` that wrote it. */
  readonly day: DayStamp
  readonly services: DailyServiceMode
  readonly updatedAt: string
  readonly processes: Partial<Record<DailyProcessName, ProcessRecord>>
}

/** What {@link readState} found. */
export type StateRead =
  | { readonly kind: 'none' }
  | { readonly kind: 'found'; readonly state: DailyState }
  /** Unreadable: moved aside to `movedTo`; the processes it named are not known. */
  | { readonly kind: 'broken'; readonly movedTo: string; readonly why: string }

function isState(value: unknown): value is DailyState {
  const v = value as DailyState
  return (
    typeof v === 'object' &&
    v !== null &&
    v.version === 1 &&
    typeof v.day === 'string' &&
    typeof v.processes === 'object' &&
    v.processes !== null &&
    Object.values(v.processes).every(
      (p) =>
        typeof p?.pid === 'number' && typeof p.marker === 'string' && typeof p.port === 'number',
    )
  )
}

/**
 * Reads the state file. A missing file is `none`; a file that is not a state (truncated by
 * hand, another version) is moved aside and reported, so the next write starts clean.
 *
 * @example
 * const read = readState('.stressgate/daily/state.json')
 * if (read.kind === 'found') console.log(Object.keys(read.state.processes))
 */
export function readState(file: string, now: Date = new Date()): StateRead {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' }
    throw error
  }
  let why: string
  try {
    const parsed: unknown = JSON.parse(text)
    if (isState(parsed)) return { kind: 'found', state: parsed }
    why = 'not a stressgate daily state (version 1)'
  } catch (error) {
    why = `not JSON (${(error as Error).message})`
  }
  const movedTo = `${file}.broken-${now.toISOString().replace(/[:.]/g, '-')}`
  renameSync(file, movedTo)
  return { kind: 'broken', movedTo, why }
}

/**
 * Replaces the state file atomically (temp file + rename), synchronously: called right after a
 * spawn, nothing can run between the spawn and the write that records its PID.
 *
 * @example
 * writeStateSync('.stressgate/daily/state.json', state)
 */
export function writeStateSync(file: string, state: DailyState): void {
  mkdirSync(dirname(file), { recursive: true })
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { flag: 'wx' })
    renameSync(temp, file)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}

/**
 * The state in memory, written through to disk on every change.
 *
 * @example
 * const store = new StateStore(file, { version: 1, day, services: 'local', updatedAt, processes: {} })
 * store.put(record)
 */
export class StateStore {
  #state: DailyState
  constructor(
    readonly file: string,
    initial: DailyState,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#state = initial
  }

  get state(): DailyState {
    return this.#state
  }

  /** Records (or replaces) one process and writes the file. */
  put(record: ProcessRecord): void {
    this.#write({ ...this.#state.processes, [record.name]: record })
  }

  /** Forgets one process and writes the file. */
  remove(name: DailyProcessName): void {
    const { [name]: _gone, ...rest } = this.#state.processes
    this.#write(rest)
  }

  #write(processes: DailyState['processes']): void {
    this.#state = { ...this.#state, processes, updatedAt: this.now().toISOString() }
    writeStateSync(this.file, this.#state)
  }
}

/**
 * Deletes the state file (after `down` stopped everything).
 *
 * @example
 * removeState('.stressgate/daily/state.json')
 */
export function removeState(file: string): void {
  rmSync(file, { force: true })
}
