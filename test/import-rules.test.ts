import { execFile } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, describe, expect, test } from 'vitest'

const run = promisify(execFile)
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const depcruise = join(repo, 'node_modules', '.bin', 'depcruise')

let dir: string | undefined
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

/** A tiny tree with the repository's rules: `files` maps paths to their source. */
async function cruise(files: Record<string, string>): Promise<{ code: number; output: string }> {
  dir = await mkdtemp(join(tmpdir(), 'import-rules-'))
  await copyFile(join(repo, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'))
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
  )
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), text)
  }
  try {
    const { stdout } = await run(
      depcruise,
      ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
      { cwd: dir },
    )
    return { code: 0, output: stdout }
  } catch (error) {
    const failed = error as { code: number; stdout: string }
    return { code: failed.code, output: failed.stdout }
  }
}

const clean = {
  'src/contract/trading.ts': 'export type Side = "buy" | "sell"\n',
  'src/common/clock.ts': 'export const now = () => 0\n',
  'src/broker/fees.ts':
    'import type { Side } from "../contract/trading.js"\nimport { now } from "../common/clock.js"\nexport const fee = (s: Side) => (s === "buy" ? now() : 1)\n',
  'src/scenario/run.ts':
    'import { fee } from "../broker/fees.js"\nexport const go = () => fee("buy")\n',
  'src/scenario/scenario-result.ts': 'export interface Result { n: number }\n',
  'src/report/certification.ts':
    'import type { Result } from "../scenario/scenario-result.js"\nexport const n = (r: Result) => r.n\n',
}

describe('the import rules run by npm test', () => {
  test('a tree that follows them passes', async () => {
    const { code, output } = await cruise(clean)
    expect(output).toContain('no dependency violations found')
    expect(code).toBe(0)
  })

  test.each([
    [
      'contract-imports-nothing',
      'src/contract/bad.ts',
      'import { go } from "../scenario/run.js"\nexport const x = go\n',
    ],
    [
      'common-imports-nothing-of-src',
      'src/common/bad.ts',
      'import type { Side } from "../contract/trading.js"\nexport type X = Side\n',
    ],
    [
      'system-under-test-imports-contract-common-own',
      'src/broker/bad.ts',
      'import { go } from "../scenario/run.js"\nexport const x = go\n',
    ],
    [
      'governor-imports-contract-common-own-store',
      'src/governor/bad.ts',
      'import { fee } from "../broker/fees.js"\nexport const x = fee\n',
    ],
    [
      'metrics-and-report-no-scenario-internals',
      'src/report/bad.ts',
      'import { go } from "../scenario/run.js"\nexport const x = go\n',
    ],
    [
      'src-never-imports-plugin',
      'src/scenario/bad.ts',
      'import { p } from "../../plugin/p.js"\nexport const x = p\n',
    ],
  ])('%s: a wrong import fails with the rule name', async (rule, path, text) => {
    const { code, output } = await cruise({
      ...clean,
      'plugin/p.ts': 'export const p = 1\n',
      [path]: text,
    })
    expect(output).toMatch(new RegExp(`error ${rule}: ${path.replace('.', '\\.')} → `))
    expect(code).not.toBe(0)
  })

  test('an import cycle fails with no-circular', async () => {
    const { code, output } = await cruise({
      ...clean,
      'src/scenario/a.ts': 'import { b } from "./b.js"\nexport const a = () => b\n',
      'src/scenario/b.ts': 'import { a } from "./a.js"\nexport const b = () => a\n',
    })
    expect(output).toContain('error no-circular: src/scenario/a.ts')
    expect(code).not.toBe(0)
  })
})
