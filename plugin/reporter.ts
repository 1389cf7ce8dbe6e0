import { join, relative, resolve } from 'node:path'
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node'
import { writeFileAtomic } from '../src/report/atomic-write.js'
import { buildCertification } from '../src/report/certification.js'
import { compareWithBaseline } from '../src/report/compare-with-baseline.js'
import { publishToGitHubActions } from '../src/report/github-actions.js'
import { renderDashboard } from '../src/report/html/render-dashboard.js'
import { junitXml } from '../src/report/junit.js'
import { markdownSummary } from '../src/report/markdown-summary.js'
import { PARTIAL_DIR, partialFilter } from '../src/report/partial-run.js'
import {
  DASHBOARD_FILE,
  HISTORY_FILE,
  JUNIT_FILE,
  MARKDOWN_FILE,
  REPORT_FILE,
} from '../src/report/report-files.js'
import type {
  CertificationReport,
  RunHistoryEntry,
  ScenarioTestRecord,
} from '../src/report/report-schema.js'
import {
  appendRunHistory,
  HISTORY_KEEP,
  historyEntry,
  mergeRunHistories,
  readRunHistory,
} from '../src/report/run-history-file.js'
import { formatSummary } from '../src/report/summary-text.js'
import { type MainServicesContext, mainServices } from '../src/scenario/main-services.js'
import { runServicesReport, storedRunHistory, storeRunVerdict } from './run-history.js'

/** Options of {@link StressReporter}. */
export interface StressReporterOptions {
  /** Directory of the reports, relative to the Vitest root. @default 'reports' */
  reportDir?: string
  /** The project whose tests are scenarios. @default 'stress' */
  projectName?: string
  /** A baseline certification_report.json, relative to the Vitest root, to compare with. */
  baseline?: string
  /** Fixed noise floor of the comparison, in percent of the baseline p99. @default 10 */
  noiseFloorPct?: number
  /** Exit 1 when a scenario regressed against the baseline. @default false */
  failOnRegression?: boolean
  /** Runs the dashboard's trend shows. @default 20 */
  trendRuns?: number
}

function record(test: TestCase, root: string): ScenarioTestRecord {
  const meta = test.meta().stressgate
  const result = test.result()
  return {
    testName: test.name,
    file: relative(root, test.module.moduleId),
    testState: result.state,
    durationMs: test.diagnostic()?.duration ?? 0,
    errors: (result.errors ?? []).map((e) => e.message),
    results: meta?.results ?? [],
    asserted: meta?.asserted ?? [],
    undecided: meta?.undecided ?? [],
  }
}

/**
 * Collects every scenario test's results (sent from the workers through task meta) and writes
 * `certification_report.json` atomically when the run ends, then `junit.xml` and `summary.md`
 * beside it, and publishes to GitHub Actions when it runs there. It builds nothing itself: the
 * report comes from `buildCertification`, the other files from pure renderers.
 */
export class StressReporter implements Reporter {
  readonly #options: StressReporterOptions
  #vitest: Vitest | undefined
  /** The last report written, for programmatic use. */
  lastReport: CertificationReport | undefined

  constructor(options: StressReporterOptions = {}) {
    this.#options = options
  }

  onInit(vitest: Vitest): void {
    this.#vitest = vitest
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    const vitest = this.#vitest
    if (!vitest) return
    const root = vitest.config.root
    const projectName = this.#options.projectName ?? 'stress'
    const tests = testModules
      .flatMap((m) => [...m.children.allTests()])
      .filter((t) => t.project.name === projectName)
    const records = tests.filter((t) => t.result().state !== 'skipped').map((t) => record(t, root))
    if (records.length === 0) return
    const partial = await this.#partial(vitest, projectName, testModules, tests)
    const services = mainServices()
    const processStart = performance.timeOrigin
    const built = buildCertification(
      records,
      new Date(),
      services ? runServicesReport(services, records, processStart) : undefined,
      partial,
    )
    const reports = resolve(root, this.#options.reportDir ?? 'reports')
    // A partial run never replaces the full run's reports, nor joins its history.
    const dir = partial === undefined ? reports : join(reports, PARTIAL_DIR)
    const file = join(dir, REPORT_FILE)
    const warn = (text: string): void => vitest.logger.warn(`[stressgate] ${text}`)
    const previous = await this.#previousRuns(reports, services, warn)
    const report = await this.#withBaseline(built, root, previous, warn)
    await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`)
    this.lastReport = report
    let history = previous
    if (partial === undefined) {
      try {
        history = await appendRunHistory(join(dir, HISTORY_FILE), previous, historyEntry(report))
      } catch (error) {
        warn(`could not write ${HISTORY_FILE}: ${(error as Error).message}`)
      }
    }
    await this.#writeExtras(vitest, report, dir, records, history)
    const warning =
      services && partial === undefined ? await storeRunVerdict(services, report) : undefined
    if (warning) warn(warning)
    const shown = relative(process.cwd(), file)
    vitest.logger.log(formatSummary(report, shown.startsWith('..') ? file : shown))
    // Not certified is a failed run, whatever the tests said (a filtered run: when one did not pass).
    const anyNotPassed = report.summary.passed_scenarios < report.summary.total_scenarios
    if (!report.certified && (partial === undefined || anyNotPassed)) process.exitCode = 1
    if (report.baseline?.regressed && report.baseline.fail_on_regression) {
      vitest.logger.error(
        '[stressgate] a scenario regressed against the baseline and failOnRegression is set: exit code 1',
      )
      process.exitCode = 1
    }
  }

  /** What made this run less than the whole suite, if anything (see `partialFilter`). */
  async #partial(
    vitest: Vitest,
    projectName: string,
    testModules: ReadonlyArray<TestModule>,
    tests: readonly TestCase[],
  ): Promise<string | undefined> {
    const root = vitest.config.root
    const project = vitest.projects.find((p) => p.name === projectName)
    const all = project ? (await project.globTestFiles()).testFiles : []
    const pattern = vitest.config.testNamePattern
    return partialFilter({
      ...(pattern ? { testNamePattern: pattern.source } : {}),
      ...(vitest.config.shard
        ? { shard: `${vitest.config.shard.index}/${vitest.config.shard.count}` }
        : {}),
      // A module a bail or a filter left out is there, but skipped or never run.
      filesRun: testModules
        .filter((m) => m.project.name === projectName)
        .filter((m) => m.state() === 'passed' || m.state() === 'failed')
        .map((m) => relative(root, m.moduleId)),
      filesAll: all.map((f) => relative(root, f)),
      skippedTests: tests.filter((t) => t.result().state === 'skipped').length,
    })
  }

  /** Earlier runs from history.json and PostgreSQL; any failure is a warning and no runs. */
  async #previousRuns(
    dir: string,
    services: MainServicesContext | undefined,
    warn: (text: string) => void,
  ): Promise<RunHistoryEntry[]> {
    let fromFile: RunHistoryEntry[] = []
    try {
      const read = await readRunHistory(join(dir, HISTORY_FILE), { onCorrupt: 'move-aside' })
      if (read.warning) warn(read.warning.message)
      fromFile = read.runs
    } catch (error) {
      warn(`run history not read from ${join(dir, HISTORY_FILE)}: ${(error as Error).message}`)
    }
    const fromDb = services ? await storedRunHistory(services, HISTORY_KEEP) : { runs: [] }
    if (fromDb.warning) warn(fromDb.warning)
    return mergeRunHistories(fromFile, fromDb.runs)
  }

  /**
   * The report with its comparison to the baseline, when one is configured and readable. Never
   * throws: the certification report is written whatever happens to the comparison.
   */
  async #withBaseline(
    report: CertificationReport,
    root: string,
    history: readonly RunHistoryEntry[],
    warn: (text: string) => void,
  ): Promise<CertificationReport> {
    const given = this.#options.baseline
    if (given === undefined) return report
    try {
      const outcome = await compareWithBaseline(report, {
        file: resolve(root, given),
        shownAs: given,
        history,
        ...(this.#options.noiseFloorPct === undefined
          ? {}
          : { noiseFloorPct: this.#options.noiseFloorPct }),
      })
      if (outcome.warning !== undefined) {
        warn(outcome.warning)
        return report
      }
      const failOnRegression = this.#options.failOnRegression ?? false
      return { ...report, baseline: { ...outcome.baseline, fail_on_regression: failOnRegression } }
    } catch (error) {
      warn(`the run was not compared with ${given}: ${(error as Error).message}`)
      return report
    }
  }

  /** JUnit, Markdown and GitHub Actions are extras: a failure is a warning, never a failed run. */
  async #writeExtras(
    vitest: Vitest,
    report: CertificationReport,
    dir: string,
    records: readonly ScenarioTestRecord[],
    history: readonly RunHistoryEntry[],
  ): Promise<void> {
    const root = vitest.config.root
    const attempt = async (what: string, action: () => Promise<unknown>): Promise<void> => {
      try {
        await action()
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        vitest.logger.warn(`[stressgate] could not ${what}: ${reason}`)
      }
    }
    await attempt(`write ${JUNIT_FILE}`, () =>
      writeFileAtomic(join(dir, JUNIT_FILE), junitXml(report)),
    )
    await attempt(`write ${MARKDOWN_FILE}`, () =>
      writeFileAtomic(join(dir, MARKDOWN_FILE), markdownSummary(report)),
    )
    const runs = Object.fromEntries(
      records.flatMap((r) => r.results.slice(-1).map((result) => [result.name, result])),
    )
    await attempt(`write ${DASHBOARD_FILE}`, () =>
      writeFileAtomic(
        join(dir, DASHBOARD_FILE),
        renderDashboard({
          report,
          runs,
          history,
          ...(this.#options.trendRuns === undefined ? {} : { trendRuns: this.#options.trendRuns }),
        }),
      ),
    )
    const shown = relative(root, dir)
    const reportDir = shown.startsWith('..') ? dir : shown || '.'
    await attempt('publish to GitHub Actions', () =>
      publishToGitHubActions(report, { reportDir, root }),
    )
  }
}
