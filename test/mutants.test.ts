import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { mutantFiles, runMutant } from '../fixtures/mutants/run-mutant.js'

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
})
