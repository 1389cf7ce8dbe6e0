import { dirname, join, relative, resolve } from 'node:path'
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node'
import { writeFileAtomic } from '../src/report/atomic-write.js'
import {
  buildCertification,
  type CertificationReport,
  type ScenarioTestRecord,
} from '../src/report/certification.js'
import { publishToGitHubActions } from '../src/report/github-actions.js'
import { renderDashboard } from '../src/report/html/render-dashboard.js'
import { junitXml } from '../src/report/junit.js'
import { markdownSummary } from '../src/report/markdown-summary.js'
import { formatSummary } from '../src/report/summary-text.js'
import { mainServices } from '../src/scenario/main-services.js'
import { runServicesReport, storeRunVerdict } from './run-history.js'

/** Options of {@link StressReporter}. */
export interface StressReporterOptions {
  /** Directory of the reports, relative to the Vitest root. @default 'reports' */
  reportDir?: string
  /** The project whose tests are scenarios. @default 'stress' */
  projectName?: string
}

export const REPORT_FILE = 'certification_report.json'
export const JUNIT_FILE = 'junit.xml'
export const MARKDOWN_FILE = 'summary.md'
export const DASHBOARD_FILE = 'dashboard.html'

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
    const records = testModules
      .flatMap((m) => [...m.children.allTests()])
      .filter((t) => t.project.name === projectName)
      .filter((t) => t.result().state !== 'skipped')
      .map((t) => record(t, root))
    if (records.length === 0) return
    const services = mainServices()
    const processStart = performance.timeOrigin
    const report = buildCertification(
      records,
      new Date(),
      services ? runServicesReport(services, records, processStart) : undefined,
    )
    const file = join(resolve(root, this.#options.reportDir ?? 'reports'), REPORT_FILE)
    await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`)
    this.lastReport = report
    await this.#writeExtras(vitest, report, dirname(file), records)
    const warning = services ? await storeRunVerdict(services, report) : undefined
    if (warning) vitest.logger.warn(`[stressgate] ${warning}`)
    const shown = relative(process.cwd(), file)
    vitest.logger.log(formatSummary(report, shown.startsWith('..') ? file : shown))
  }

  /** JUnit, Markdown and GitHub Actions are extras: a failure is a warning, never a failed run. */
  async #writeExtras(
    vitest: Vitest,
    report: CertificationReport,
    dir: string,
    records: readonly ScenarioTestRecord[],
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
      writeFileAtomic(join(dir, DASHBOARD_FILE), renderDashboard({ report, runs })),
    )
    const shown = relative(root, dir)
    const reportDir = shown.startsWith('..') ? dir : shown || '.'
    await attempt('publish to GitHub Actions', () =>
      publishToGitHubActions(report, { reportDir, root }),
    )
  }
}
