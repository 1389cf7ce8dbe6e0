import type { Command } from 'commander'
import { HistogramDecodeError } from '../metrics/histogram-codec.js'
import { compareReports, DEFAULT_NOISE_FLOOR_PCT } from '../report/compare.js'
import { calibrateNoiseFloors } from '../report/noise-floor.js'
import type { CertificationReport, ReportComparison } from '../report/report-schema.js'
import { readRunHistory, runsBefore } from '../report/run-history-file.js'
import { CliError, type CliIo } from './cli-io.js'
import { readReportFile } from './read-report.js'

interface CompareCliOptions {
  noiseFloor?: string
  history?: string
  alpha?: string
  json?: boolean
}

const readReportFromRole = (role: string, file: string): Promise<CertificationReport> =>
  readReportFile(file, `Pass the ${role} certification_report.json of a stress run.`)

function number(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0)
    throw new CliError(`${name} must be a number >= 0, got "${raw}". Example: ${name} 10`)
  return value
}

const ms = (v: number): string => v.toFixed(3)
const pct = (v: number): string =>
  Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${v.toFixed(1)}%` : v > 0 ? '+inf%' : '-inf%'
const pValue = (p: number): string =>
  p === 0 ? '<1e-300' : p < 1e-4 ? p.toExponential(1) : p.toFixed(4)

/** The comparison as a text table, one row per scenario, then the scenarios left out. */
export function formatComparison(cmp: ReportComparison): string {
  const header = [
    'scenario',
    'base p99 ms',
    'cur p99 ms',
    'delta ms',
    'delta',
    'floor',
    'KS D',
    'KS p',
    'verdict',
  ]
  const rows = cmp.scenarios.map((s) => [
    s.scenario,
    ms(s.baseline.p99Ms),
    ms(s.current.p99Ms),
    `${s.p99DeltaMs >= 0 ? '+' : ''}${ms(s.p99DeltaMs)}`,
    pct(s.p99DeltaPct),
    `${s.noiseFloorPct.toFixed(0)}%${s.calibrationRuns === undefined ? '' : ` (${s.calibrationRuns} runs)`}`,
    s.ks.d.toFixed(4),
    pValue(s.ks.pValue),
    s.verdict.toUpperCase(),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  const out = [
    `decision latency, noise floor ${cmp.noiseFloorPct}% of baseline p99 unless calibrated higher on repeated runs, KS alpha ${cmp.alpha}`,
  ]
  if (rows.length > 0) out.push(line(header), ...rows.map(line))
  else out.push('no scenario present in both reports')
  for (const s of cmp.incomparable) out.push(`not compared: ${s.scenario}: ${s.reason}`)
  if (cmp.onlyInBaseline.length > 0) out.push(`only in baseline: ${cmp.onlyInBaseline.join(', ')}`)
  if (cmp.onlyInCurrent.length > 0) out.push(`only in current: ${cmp.onlyInCurrent.join(', ')}`)
  const regressed = cmp.scenarios.filter((s) => s.verdict === 'regression').map((s) => s.scenario)
  out.push(regressed.length > 0 ? `REGRESSION: ${regressed.join(', ')}` : 'no regression')
  return `${out.join('\n')}\n`
}

/** Noise floors calibrated on a history file; an unusable file is an error, never skipped. */
async function historyFloors(
  file: string,
  current: CertificationReport,
): Promise<ReturnType<typeof calibrateNoiseFloors>> {
  let read: Awaited<ReturnType<typeof readRunHistory>>
  try {
    read = await readRunHistory(file)
  } catch (error) {
    throw new CliError(`--history ${file}: ${(error as Error).message}`)
  }
  if (read.runs.length === 0)
    throw new CliError(
      `--history ${file}: no such file or no runs in it. Pass the reports/history.json the stress runs append to.`,
    )
  // The current run (and anything after it) is left out: it cannot be its own noise.
  return calibrateNoiseFloors(runsBefore(read.runs, current))
}

/**
 * `stressgate compare <baseline.json> <current.json>`: compares the decision latency of every
 * scenario in both certification reports (p99 delta beyond the noise floor AND a significant
 * two-sample KS test). Exits 1 when a scenario regressed, 0 otherwise, 2 on unreadable input.
 */
export function registerCompare(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  program
    .command('compare')
    .description(
      'Compare the decision latency of two certification reports; exit 1 on a regression.',
    )
    .argument('<baseline>', 'certification_report.json of the baseline run')
    .argument('<current>', 'certification_report.json of the run under test')
    .option(
      '--noise-floor <pct>',
      `smallest p99 change, in % of the baseline p99, that counts (default ${DEFAULT_NOISE_FLOOR_PCT})`,
    )
    .option(
      '--history <history.json>',
      "calibrate each scenario's noise floor on the repeated runs of this run history (reports/history.json)",
    )
    .option('--alpha <p>', 'significance level of the Kolmogorov-Smirnov test (default 0.01)')
    .option('--json', 'machine-readable output')
    .action(async (baselineFile: string, currentFile: string, options: CompareCliOptions) => {
      const noiseFloorPct = number('--noise-floor', options.noiseFloor)
      const alpha = number('--alpha', options.alpha)
      if (alpha !== undefined && !(alpha > 0 && alpha < 1))
        throw new CliError(`--alpha must be between 0 and 1 exclusive, got "${options.alpha}".`)
      const baseline = await readReportFromRole('baseline', baselineFile)
      const current = await readReportFromRole('current', currentFile)
      const calibratedFloors =
        options.history === undefined ? undefined : await historyFloors(options.history, current)
      let cmp: ReportComparison
      try {
        cmp = compareReports(baseline, current, {
          ...(noiseFloorPct === undefined ? {} : { noiseFloorPct }),
          ...(alpha === undefined ? {} : { alpha }),
          ...(calibratedFloors === undefined ? {} : { calibratedFloors }),
        })
      } catch (error) {
        if (error instanceof HistogramDecodeError)
          throw new CliError(`a report holds a corrupt decision histogram: ${error.message}`)
        throw error
      }
      io.out(options.json ? `${JSON.stringify(cmp, null, 2)}\n` : formatComparison(cmp))
      setExit(cmp.regressed ? 1 : 0)
    })
}
