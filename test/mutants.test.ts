import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { mutantFiles, runMutant } from '../fixtures/mutants/run-mutant.js'
import type { CertificationReport } from '../src/report/report-schema.js'

/*
 * The bank of faulty governors against the standard suite, through the engine-module contract:
 * each must be refused (NOT CERTIFIED) by the scenario meant to catch it, for the promise it
 * breaks. Its own Vitest project (`vitest run --project mutants`), run after the unit tests so the
 * scenarios have the machine to themselves.
 */
let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stressgate-mutants-'))
})
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true })
})

const files = await mutantFiles()

describe('the bank of faulty governors', () => {
  test('holds at least 12 mutants', () => {
    expect(files.length).toBeGreaterThanOrEqual(12)
  })

  test.each(files.map((f) => [basename(f, '.ts'), f]))(
    '%s is refused for the right reason',
    async (_name, file) => {
      const verdict = await runMutant(file, root)
      const why = `${JSON.stringify(verdict.refusedBy)}\n${verdict.output.slice(-3_000)}`
      expect(verdict.certified, why).toBe(false)
      expect(verdict.exitCode, why).toBe(1)
      const refusal = verdict.refusedBy.find((r) => r.scenario === verdict.info.scenario)
      expect(refusal, `${verdict.info.scenario} must refuse it: ${why}`).toBeDefined()
      expect(
        refusal?.criteria.some((c) => verdict.info.caughtBy.includes(c)),
        `failed ${refusal?.criteria.join(', ')}; expected one of ${verdict.info.caughtBy.join(', ')}\n${why}`,
      ).toBe(true)
    },
  )

  test('a broken governor refused in simulated time prints the one command that replays it: same digest', async () => {
    const repo = resolve(import.meta.dirname, '..')
    const verdict = await runMutant(join(repo, 'fixtures/mutants/ignores-position-limit.ts'), root)
    const refused = verdict.report.scenarios.flash_crash
    expect(refused?.state).toBe('failed')
    expect(refused?.time).toBe('simulated')
    const replay = refused?.replay ?? ''
    expect(replay).toMatch(
      /^STRESSGATE_ENGINE=\S+ignores-position-limit\.ts STRESSGATE_TIME=simulated STRESSGATE_SEED=42 npx vitest run --project stress scenarios\/flash-crash\.stress\.ts -t '\^flash_crash\$'$/,
    )
    expect(verdict.output, 'printed with the failure').toContain(replay)
    // The command as printed, from the project's root, in a shell of its own.
    const reportDir = join(root, 'replayed')
    await promisify(execFile)('sh', ['-c', replay], {
      cwd: repo,
      env: {
        ...process.env,
        STRESSGATE_SERVICES: 'embedded',
        STRESSGATE_REPORT_DIR: reportDir,
        STRESSGATE_METRICS_PORT: 'off',
        STRESSGATE_BASELINE: '',
        GITHUB_ACTIONS: '',
      },
      timeout: 300_000,
    }).catch((error: { code?: number }) => {
      if (error.code !== 1) throw error // 1: not certified, as it must be
    })
    const again = JSON.parse(
      await readFile(join(reportDir, 'partial', 'certification_report.json'), 'utf8'),
    ) as CertificationReport
    expect(again.scenarios.flash_crash?.digest, 'the replay ran the same run').toBe(refused?.digest)
    expect(again.scenarios.flash_crash?.state).toBe('failed')
  })
})
