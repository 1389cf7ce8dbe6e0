import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { virtualRun } from '../../test/helpers/virtual-run.js'
import { buildCertification } from '../report/certification.js'
import { createCli } from './create-cli.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stressgate-cli-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function cli(...argv: string[]) {
  let out = ''
  let err = ''
  const code = await createCli({ out: (t) => (out += t), err: (t) => (err += t) }, '1.2.3').run(
    argv,
  )
  return { code, out, err }
}

const record = {
  testName: 't',
  file: 'f',
  testState: 'passed' as const,
  durationMs: 1,
  errors: [],
  asserted: [],
}

describe('stressgate CLI', () => {
  test('--version', async () => {
    expect(await cli('--version')).toMatchObject({ code: 0, out: '1.2.3\n' })
  })

  test('summary exits 0 on a certified report and 1 otherwise', async () => {
    const good = join(dir, 'good.json')
    const bad = join(dir, 'bad.json')
    await writeFile(
      good,
      JSON.stringify(
        buildCertification([{ ...record, results: [await virtualRun('calm')] }], new Date()),
      ),
    )
    await writeFile(
      bad,
      JSON.stringify(
        buildCertification(
          [{ ...record, testState: 'failed', results: [await virtualRun('rough')] }],
          new Date(),
        ),
      ),
    )
    const ok = await cli('summary', good)
    expect(ok.code).toBe(0)
    expect(ok.out).toContain('stressgate  CERTIFIED  1/1 scenarios passed')
    const ko = await cli('summary', bad)
    expect(ko.code).toBe(1)
    expect(ko.out).toMatch(/NOT CERTIFIED {2}0\/1 scenarios passed[\s\S]*FAIL {9}rough/)
  })

  test('a missing or foreign file is a clear error with exit code 2', async () => {
    const missing = await cli('summary', join(dir, 'nope.json'))
    expect(missing.code).toBe(2)
    expect(missing.err).toContain(
      'nope.json (does not exist). Run "npx vitest run --project stress" first',
    )
    const foreign = join(dir, 'foreign.json')
    await writeFile(foreign, '{"hello":1}')
    expect((await cli('summary', foreign)).err).toContain(
      'is not a stressgate certification report',
    )
  })

  test('an unknown command names itself', async () => {
    const result = await cli('launch')
    expect(result.code).toBe(1)
    expect(result.err).toContain("unknown command 'launch'")
  })
})
