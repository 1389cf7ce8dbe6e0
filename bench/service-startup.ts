/**
 * Time from `vitest run --project stress` starting to the first scenario running, per services
 * backend, measured side by side in one run (the machine is noisy: compare the backends, not the
 * absolute numbers across runs). Uses the e2e fixture project and reads the figure the report
 * records (`services.time_to_first_scenario_ms`).
 *
 *   npm run bench:services [-- rounds]
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CertificationReport } from '../src/report/report-schema.js'
import { runFixture } from '../test/helpers/run-fixture.js'

const rounds = Number(process.argv[2] ?? 3)
const backends = ['embedded', 'local', 'auto'] as const
const samples: Record<string, number[]> = {}
const dir = await mkdtemp(join(tmpdir(), 'stressgate-bench-'))
try {
  for (let round = 0; round < rounds; round++) {
    for (const mode of backends) {
      const reportDir = join(dir, `${mode}-${round}`)
      const { status, output } = runFixture(
        'e2e-project',
        { E2E_SERVICES: mode, E2E_REPORT_DIR: reportDir },
        '-t',
        'steady_governor',
      )
      if (status !== 0) throw new Error(`${mode} run failed:\n${output}`)
      const report = JSON.parse(
        await readFile(join(reportDir, 'certification_report.json'), 'utf8'),
      ) as CertificationReport
      const ms = report.services?.time_to_first_scenario_ms
      if (ms === undefined) throw new Error(`${mode}: no time_to_first_scenario_ms in the report`)
      const services = report.services
      const line = services
        ? `redis=${services.redis.backend} ${services.redis.start_ms}ms postgres=${services.postgres.backend} ${services.postgres.start_ms}ms pushgateway=${services.pushgateway.backend} ${services.pushgateway.start_ms}ms`
        : ''
      console.log(`round ${round + 1} ${mode.padEnd(8)} first scenario after ${ms} ms  (${line})`)
      const list = samples[mode] ?? []
      list.push(ms)
      samples[mode] = list
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true })
}
const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN
const base = median(samples.embedded ?? [])
console.log('\nmedian time to first scenario (ratio to embedded):')
for (const mode of backends) {
  const m = median(samples[mode] ?? [])
  console.log(`  ${mode.padEnd(8)} ${m} ms  (${(m / base).toFixed(2)}x)`)
}
