import { existsSync } from 'node:fs'
import { relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vite'
import type {} from 'vitest/config' // brings Vitest's `test` config and `configureVitest` hook into Vite's types
import type { Vitest } from 'vitest/node'
import { SERVICES_MODES, type ServicesMode } from '../src/services/service-types.js'
import './provided-context.js'
import { StressgateError } from '../src/common/stressgate-error.js'
import { optionProblems } from './plugin-options-schema.js'
import { StressReporter } from './reporter.js'

/** Options of {@link stress}. */
export interface StressPluginOptions {
  /**
   * Where Redis, PostgreSQL and the Pushgateway come from: `auto` tries `STRESS_*_URL`, then
   * Testcontainers, then local binaries, then embedded ones; `require-real` (CI) refuses the
   * embedded ones; the other modes use one source only. The environment variable
   * `STRESSGATE_SERVICES`, when set, wins over this option (`stressgate certify --services` sets it).
   * @default 'auto'
   */
  services?: ServicesMode
  /**
   * Directory of the reports, relative to the Vitest root. The environment variable
   * `STRESSGATE_REPORT_DIR`, when set, wins over this option (`stressgate certify --report-dir`).
   * @default 'reports'
   */
  reportDir?: string
  /** Scenario files. @default ['scenarios/**\/*.stress.ts'] */
  include?: string[]
  /** Name of the project the plugin declares. @default 'stress' */
  projectName?: string
  /** Per-scenario timeout in ms. @default 300_000 */
  testTimeout?: number
  /**
   * Port of the /metrics and /healthz server on 127.0.0.1 while scenarios run; 0 picks a free
   * one, false runs none. A port in use is a warning. The environment variable
   * `STRESSGATE_METRICS_PORT` (a port, or `off`), when set, wins over this option
   * (`stressgate up` sets 0: its own metrics server holds the configured port).
   * @default 8000
   */
  metricsPort?: number | false
  /**
   * A baseline `certification_report.json` (e.g. main's last nightly), relative to the Vitest
   * root. The run is compared with it scenario by scenario: a regression needs a decision p99
   * change beyond the noise floor AND a significant Kolmogorov-Smirnov test on the histograms.
   * The delta goes into the report, the dashboard and the summaries; a missing baseline is a
   * warning. The environment variable `STRESSGATE_BASELINE`, when set, wins over this option.
   */
  baseline?: string
  /**
   * Fixed noise floor of the baseline comparison, in percent of the baseline p99. Each
   * scenario's floor is raised to the spread of its decision p99 over the last runs in
   * `reports/history.json` (3 runs or more), so noise measured on this machine is not flagged.
   * @default 10
   */
  noiseFloorPct?: number
  /** Exit 1 when a scenario regressed against the baseline. @default false (reported only) */
  failOnRegression?: boolean
  /** Runs the dashboard's trend shows, from `reports/history.json`. @default 20 */
  trendRuns?: number
  /**
   * The engine module to certify: a file whose default export builds your engine,
   * `(options) => RiskEngine` (see `EngineFactory`), relative to the Vitest root. Every scenario
   * that asks for `engineUnderTest(limits)` (the shipped ones do) gets it. The environment
   * variable `STRESSGATE_ENGINE`, when set, wins (`stressgate certify --engine` sets it).
   * @default the reference governor
   */
  engine?: string
  /**
   * Run the shipped standard suite (the seed's scenarios, on `engineUnderTest`) in the stress
   * project, beside the project's own scenarios. `STRESSGATE_STANDARD_SUITE=1` (or `0`), when set,
   * wins (`stressgate certify --engine` sets it to 1 unless told `--no-standard-suite`).
   * @default false
   */
  standardSuite?: boolean
}

/** The plugin was configured with a value it does not accept. */
export class StressPluginOptionError extends StressgateError {
  readonly code = 'STRESSGATE_PLUGIN_OPTION'
}

/** A file next to this one: `.js` in the built package, `.ts` when running from the sources. */
function sibling(name: string): string {
  const built = fileURLToPath(new URL(`./${name}.js`, import.meta.url))
  return existsSync(built) ? built : fileURLToPath(new URL(`./${name}.ts`, import.meta.url))
}

function checkServices(given: string, value: string): void {
  if (!SERVICES_MODES.includes(value as ServicesMode)) {
    throw new StressPluginOptionError(
      `${given}: allowed values are ${SERVICES_MODES.map((m) => `'${m}'`).join(', ')}. Use 'auto' locally and 'require-real' in CI.`,
    )
  }
}

/** `STRESSGATE_METRICS_PORT`: a port 0-65535, or `off`. */
function metricsPortFromEnv(raw: string): number | false {
  if (raw === 'off') return false
  const port = Number(raw)
  if (raw.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new StressPluginOptionError(
      `STRESSGATE_METRICS_PORT=${JSON.stringify(raw)}: expected a port 0-65535 (0: any free one) or "off". Example: STRESSGATE_METRICS_PORT=9464`,
    )
  }
  return port
}

/**
 * `STRESSGATE_SERVICES` / `STRESSGATE_REPORT_DIR` / `STRESSGATE_BASELINE` /
 * `STRESSGATE_METRICS_PORT` override the options, so one run can differ.
 */
function withEnv(options: StressPluginOptions): StressPluginOptions {
  const services = process.env.STRESSGATE_SERVICES
  const reportDir = process.env.STRESSGATE_REPORT_DIR
  const baseline = process.env.STRESSGATE_BASELINE
  const metricsPort = process.env.STRESSGATE_METRICS_PORT
  const engine = process.env.STRESSGATE_ENGINE
  const suite = process.env.STRESSGATE_STANDARD_SUITE
  if (services) checkServices(`STRESSGATE_SERVICES=${JSON.stringify(services)}`, services)
  if (suite !== undefined && suite !== '0' && suite !== '1') {
    throw new StressPluginOptionError(
      `STRESSGATE_STANDARD_SUITE=${JSON.stringify(suite)}: expected 1 (run the shipped standard suite) or 0. Example: STRESSGATE_STANDARD_SUITE=1`,
    )
  }
  return {
    ...options,
    ...(services ? { services: services as ServicesMode } : {}),
    ...(reportDir ? { reportDir } : {}),
    ...(baseline ? { baseline } : {}),
    ...(metricsPort !== undefined ? { metricsPort: metricsPortFromEnv(metricsPort) } : {}),
    ...(engine ? { engine } : {}),
    ...(suite !== undefined ? { standardSuite: suite === '1' } : {}),
  }
}

/** The shipped standard suite next to this file: `dist/scenarios/` built, `scenarios/` in the sources. */
function standardSuiteDir(): string {
  return fileURLToPath(new URL('../scenarios/', import.meta.url))
}

function validate(options: StressPluginOptions): void {
  const problems = optionProblems(options)
  if (problems.length > 0) {
    throw new StressPluginOptionError(
      `stress(): ${problems.length === 1 ? 'an option is' : 'options are'} wrong:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    )
  }
  if (options.services !== undefined) {
    checkServices(`stress({ services: ${JSON.stringify(options.services)} })`, options.services)
  }
  if (options.testTimeout !== undefined && !(options.testTimeout > 0)) {
    throw new StressPluginOptionError(
      `stress({ testTimeout: ${String(options.testTimeout)} }): expected a number of ms > 0, e.g. 300_000.`,
    )
  }
  const floor = options.noiseFloorPct
  if (floor !== undefined && !(Number.isFinite(floor) && floor >= 0)) {
    throw new StressPluginOptionError(
      `stress({ noiseFloorPct: ${String(floor)} }): expected a percentage >= 0, e.g. 10 (calibrate it with bench/noise-floor.ts).`,
    )
  }
  if (
    options.engine !== undefined &&
    (typeof options.engine !== 'string' || options.engine === '')
  ) {
    throw new StressPluginOptionError(
      `stress({ engine: ${JSON.stringify(options.engine)} }): expected the path of an engine module, e.g. './src/my-governor.ts'.`,
    )
  }
  const runs = options.trendRuns
  if (runs !== undefined && !(Number.isInteger(runs) && runs >= 1)) {
    throw new StressPluginOptionError(
      `stress({ trendRuns: ${String(runs)} }): expected a whole number of runs >= 1, e.g. 20.`,
    )
  }
}

/**
 * The Vitest face of stressgate: declares the `stress` project (scenario files run one at a
 * time, in a forked process, with the stressgate matchers installed) and adds the reporter that
 * writes `certification_report.json`.
 *
 * @example
 * // vitest.config.ts
 * import { defineConfig } from 'vitest/config'
 * import { stress } from 'stressgate/plugin'
 * export default defineConfig({ plugins: [stress({ services: 'auto', reportDir: 'reports' })] })
 */
export function stress(given: StressPluginOptions = {}): Plugin {
  validate(given)
  const options = withEnv(given)
  const projectName = options.projectName ?? 'stress'
  const withReporter = new WeakSet<Vitest>()
  return {
    name: 'stressgate',
    // Projects must be declared here: projects injected in configureVitest are not seen by --project.
    config(config) {
      if (config.test?.name !== undefined) return undefined // inherited by a project: declare nothing twice
      const root = resolve(config.root ?? process.cwd())
      const own = options.include ?? ['scenarios/**/*.stress.ts']
      const suite = options.standardSuite
        ? [`${relative(root, standardSuiteDir()).split(sep).join('/')}/*.stress.{ts,js}`]
        : []
      return {
        test: {
          projects: [
            {
              extends: true,
              test: {
                name: projectName,
                include: [...own, ...suite],
                // The standard suite may live in node_modules (the installed package).
                ...(suite.length > 0
                  ? { exclude: ['**/node_modules/**/node_modules/**', '**/.git/**'] }
                  : {}),
                setupFiles: [sibling('setup')],
                globalSetup: [sibling('global-setup')],
                provide: {
                  stressgateServicesMode: options.services ?? 'auto',
                  stressgateMetricsPort:
                    options.metricsPort === false ? null : (options.metricsPort ?? 8000),
                  stressgateEngine:
                    options.engine === undefined ? null : resolve(root, options.engine),
                },
                testTimeout: options.testTimeout ?? 300_000,
                hookTimeout: 120_000,
                pool: 'forks',
                fileParallelism: false,
                // One worker for every file, in turn: the harness is loaded once, not per file.
                isolate: false,
                // Memory growth is what a run retains: the probe collects garbage around it.
                execArgv: ['--expose-gc'],
                sequence: { concurrent: false },
              },
            },
          ],
        },
      }
    },
    configureVitest({ vitest }) {
      if (withReporter.has(vitest)) return
      withReporter.add(vitest)
      // Added to the resolved list, so a --reporter flag on the command line does not drop it.
      vitest.config.reporters.push(
        new StressReporter({
          reportDir: options.reportDir ?? 'reports',
          projectName,
          ...(options.baseline === undefined ? {} : { baseline: options.baseline }),
          ...(options.noiseFloorPct === undefined ? {} : { noiseFloorPct: options.noiseFloorPct }),
          ...(options.failOnRegression === undefined
            ? {}
            : { failOnRegression: options.failOnRegression }),
          ...(options.trendRuns === undefined ? {} : { trendRuns: options.trendRuns }),
        }),
      )
    },
  }
}
