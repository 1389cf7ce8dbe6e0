import { readFile, rename } from 'node:fs/promises'
import { StressgateError } from '../common/stressgate-error.js'
import { writeFileAtomic } from './atomic-write.js'
import type { CertificationReport, HistoryScenario, RunHistoryEntry } from './report-schema.js'

/** The file: newest run last. */
interface HistoryFile {
  readonly schema_version: 1
  readonly runs: readonly RunHistoryEntry[]
}

/** Runs kept in the file; older ones are dropped (the archives and Postgres keep them). */
export const HISTORY_KEEP = 200

/**
 * The history entry of a certification report: verdicts and decision latency per scenario.
 *
 * @example
 * historyEntry(report).scenarios.flash_crash // { state: 'passed', decision_p99_ms: 0.4, ... }
 */
export function historyEntry(report: CertificationReport): RunHistoryEntry {
  const scenarios: Record<string, HistoryScenario> = {}
  for (const [name, s] of Object.entries(report.scenarios)) {
    scenarios[name] = {
      state: s.state,
      ...(s.decision_p50_ms === undefined ? {} : { decision_p50_ms: s.decision_p50_ms }),
      ...(s.decision_p99_ms === undefined ? {} : { decision_p99_ms: s.decision_p99_ms }),
      ...(s.decisions_total === undefined ? {} : { decisions_total: s.decisions_total }),
      ...(s.decisions_dropped ? { decisions_dropped: s.decisions_dropped } : {}),
    }
  }
  return {
    run_id: report.services?.run_id ?? report.certification_timestamp,
    timestamp: report.certification_timestamp,
    certified: report.certified,
    scenarios,
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const isScenario = (v: unknown): boolean => isObject(v) && typeof v.state === 'string'

function isEntry(v: unknown): v is RunHistoryEntry {
  return (
    isObject(v) &&
    typeof v.run_id === 'string' &&
    typeof v.timestamp === 'string' &&
    typeof v.certified === 'boolean' &&
    isObject(v.scenarios) &&
    Object.values(v.scenarios).every(isScenario)
  )
}

/** The history file exists but is not one stressgate wrote (when moved aside, it is not lost). */
export class HistoryFileError extends StressgateError {
  readonly code = 'STRESSGATE_HISTORY_FILE'
  constructor(
    readonly file: string,
    readonly movedTo: string | undefined,
    reason: string,
  ) {
    super(
      movedTo === undefined
        ? `${file} is not a stressgate run history (${reason}). Pass the reports/history.json a stress run writes.`
        : `${file} is not a stressgate run history (${reason}); it was moved to ${movedTo} and a new history started. Restore it from there if it was yours, or delete it.`,
    )
  }
}

/** Options of {@link readRunHistory}. */
export interface ReadHistoryOptions {
  /**
   * What to do with a file that is not a history: `move-aside` renames it
   * `<file>.corrupt-<epoch ms>` and returns an empty history with a warning (the reporter, which
   * then starts a new one); `throw` leaves it in place and throws (read-only callers).
   * @default 'throw'
   */
  readonly onCorrupt?: 'move-aside' | 'throw'
  readonly now?: () => number
}

/**
 * Reads the runs of a history file, oldest first; a missing file is an empty history. A file
 * that is not a history gets a {@link HistoryFileError}: thrown, or in `warning` after the file
 * was moved aside (nothing is lost).
 *
 * @example
 * const { runs, warning } = await readRunHistory('reports/history.json', { onCorrupt: 'move-aside' })
 */
export async function readRunHistory(
  file: string,
  options: ReadHistoryOptions = {},
): Promise<{ runs: RunHistoryEntry[]; warning?: HistoryFileError }> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { runs: [] }
    throw error
  }
  let reason: string | undefined
  try {
    const parsed: unknown = JSON.parse(text)
    if (!isObject(parsed) || parsed.schema_version !== 1 || !Array.isArray(parsed.runs)) {
      reason = 'expected {"schema_version": 1, "runs": [...]}'
    } else {
      const bad = parsed.runs.findIndex((r) => !isEntry(r))
      if (bad < 0) return { runs: parsed.runs as RunHistoryEntry[] }
      reason = `runs[${bad}] lacks run_id, timestamp, certified or scenarios with a state`
    }
  } catch (error) {
    reason = `invalid JSON: ${(error as Error).message}`
  }
  if (options.onCorrupt !== 'move-aside') throw new HistoryFileError(file, undefined, reason)
  const movedTo = `${file}.corrupt-${(options.now ?? Date.now)()}`
  await rename(file, movedTo)
  return { runs: [], warning: new HistoryFileError(file, movedTo, reason) }
}

/**
 * Adds a run to the history file (replacing an entry with the same run id), keeps the newest
 * `keep`, and writes the file atomically. Returns the runs written, oldest first.
 *
 * @example
 * const runs = await appendRunHistory('reports/history.json', previous, historyEntry(report))
 */
export async function appendRunHistory(
  file: string,
  previous: readonly RunHistoryEntry[],
  entry: RunHistoryEntry,
  keep = HISTORY_KEEP,
): Promise<RunHistoryEntry[]> {
  if (!Number.isInteger(keep) || keep < 1)
    throw new RangeError(`keep must be an integer >= 1, got ${keep}`)
  const runs = [...previous.filter((r) => r.run_id !== entry.run_id), entry].slice(-keep)
  const body: HistoryFile = { schema_version: 1, runs }
  await writeFileAtomic(file, `${JSON.stringify(body, null, 2)}\n`)
  return runs
}

/**
 * One history from several sources (the JSON file, PostgreSQL): one entry per run id, oldest
 * first by timestamp.
 *
 * @example
 * const runs = mergeRunHistories(fromFile, fromPostgres)
 */
export function mergeRunHistories(
  ...sources: readonly (readonly RunHistoryEntry[])[]
): RunHistoryEntry[] {
  const byId = new Map<string, RunHistoryEntry>()
  for (const source of sources)
    for (const run of source) if (!byId.has(run.run_id)) byId.set(run.run_id, run)
  return [...byId.values()].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))
}

/**
 * The history entry of a stored report, or undefined when it is not a certification report.
 *
 * @example
 * const entries = (await recentRunReports(pool, 20)).flatMap((r) => storedHistoryEntry(r) ?? [])
 */
export function storedHistoryEntry(report: unknown): RunHistoryEntry | undefined {
  if (
    !isObject(report) ||
    typeof report.certified !== 'boolean' ||
    typeof report.certification_timestamp !== 'string' ||
    !isObject(report.scenarios)
  )
    return undefined
  return historyEntry(report as unknown as CertificationReport)
}

/**
 * The runs of a history that came before `report`: not the report's own run, nothing at or after
 * its timestamp. A noise floor calibrated on the run it judges would always cover its change.
 *
 * @example
 * calibrateNoiseFloors(runsBefore(history, report))
 */
export function runsBefore(
  runs: readonly RunHistoryEntry[],
  report: CertificationReport,
): RunHistoryEntry[] {
  const id = historyEntry(report).run_id
  const at = Date.parse(report.certification_timestamp)
  return runs.filter(
    (r) => r.run_id !== id && !(Number.isFinite(at) && Date.parse(r.timestamp) >= at),
  )
}
