import { join, relative, resolve } from 'node:path'
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node'
import { writeFileAtomic } from '../src/report/atomic-write.js'
import {
  buildCertification,
  type CertificationReport,
  type ScenarioTestRecord,
} from '../src/report/certification.js'
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
 * `certification_report.json` atomically when the run ends. It builds nothing itself: the
 * report comes from `buildCertification`.
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
    const warning = services ? await storeRunVerdict(services, report) : undefined
    if (warning) vitest.logger.warn(`[stressgate] ${warning}`)
    const shown = relative(process.cwd(), file)
    vitest.logger.log(formatSummary(report, shown.startsWith('..') ? file : shown))
  }
}
