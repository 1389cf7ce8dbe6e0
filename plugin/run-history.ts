import type {
  CertificationReport,
  RunHistoryEntry,
  RunServicesReport,
  ScenarioTestRecord,
} from '../src/report/report-schema.js'
import { storedHistoryEntry } from '../src/report/run-history-file.js'
import type { MainServicesContext } from '../src/scenario/main-services.js'
import { connectPostgres } from '../src/services/clients.js'
import { finishRun, recentRunReports } from '../src/store/history.js'

/** The run's services as the report names them, with the time from process start to the first scenario. */
export function runServicesReport(
  context: MainServicesContext,
  records: readonly ScenarioTestRecord[],
  processStartEpochMs: number,
): RunServicesReport {
  const firstStart = records
    .flatMap((r) => r.results.map((x) => Date.parse(x.startedAt)))
    .reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY)
  const { redis, postgres, pushgateway } = context.connections
  const entry = (s: typeof redis) => ({ backend: s.backend, detail: s.detail, start_ms: s.startMs })
  return {
    mode: context.connections.mode,
    run_id: context.runId,
    redis: entry(redis),
    postgres: entry(postgres),
    pushgateway: entry(pushgateway),
    ...(Number.isFinite(firstStart)
      ? { time_to_first_scenario_ms: Math.round(firstStart - processStartEpochMs) }
      : {}),
  }
}

/**
 * Closes the run in PostgreSQL with its verdict and report. Returns a warning instead of
 * throwing: the JSON report on disk already holds everything.
 */
export async function storeRunVerdict(
  context: MainServicesContext,
  report: CertificationReport,
): Promise<string | undefined> {
  const pool = connectPostgres(context.connections.postgres)
  try {
    await finishRun(pool, context.runId, report.certified, report)
    return undefined
  } catch (error) {
    return `run ${context.runId} not closed in PostgreSQL (the JSON report has it): ${(error as Error).message}`
  } finally {
    await pool.end().catch(() => undefined)
  }
}

/**
 * The newest finished runs stored in the run's PostgreSQL (shared when `STRESS_DATABASE_URL`
 * points at one database for every machine). A database that fails is a warning: the JSON
 * history still has this machine's runs.
 */
export async function storedRunHistory(
  context: MainServicesContext,
  limit: number,
): Promise<{ runs: RunHistoryEntry[]; warning?: string }> {
  const pool = connectPostgres(context.connections.postgres)
  try {
    const reports = await recentRunReports(pool, limit)
    return { runs: reports.flatMap((r) => storedHistoryEntry(r) ?? []).reverse() }
  } catch (error) {
    return {
      runs: [],
      warning: `run history not read from PostgreSQL (reports/history.json is used): ${(error as Error).message}`,
    }
  } finally {
    await pool.end().catch(() => undefined)
  }
}
