import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { checkConfig } from './config.js'

let root: string

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'stressgate-guards-config-'))
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

const STRESS_CONFIG = `import { stress } from 'stressgate/plugin'
import { defineConfig } from 'vitest/config'
export default defineConfig({ plugins: [stress({ reportDir: 'reports' })] })
`

describe('checkConfig', () => {
  test('a folder without a vitest config fails', async () => {
    const result = await checkConfig({ root })
    expect(result.status).toBe('fail')
    expect(result.detail).toContain(`no vitest.config.* in ${root}`)
    expect(result.fix).toContain('stress()')
  })

  test('a vitest config using stress() and a writable reports folder pass', async () => {
    await writeFile(join(root, 'vitest.config.ts'), STRESS_CONFIG)
    const result = await checkConfig({ root })
    expect(result.status).toBe('ok')
    expect(result.detail).toContain('vitest.config.ts uses stress()')
  })

  test('a vitest config without stress() fails', async () => {
    await writeFile(join(root, 'vitest.config.mjs'), 'export default {}\n')
    const result = await checkConfig({ root })
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('vitest.config.mjs does not call stress(')
  })

  test('a reports folder two levels below an existing writable one passes (it will be created)', async () => {
    await writeFile(join(root, 'vitest.config.ts'), STRESS_CONFIG)
    const result = await checkConfig({ root, reportDir: join(root, 'out', 'daily', 'reports') })
    expect(result.status, result.detail).toBe('ok')
  })

  test('a reports path that is a file fails', async () => {
    await writeFile(join(root, 'vitest.config.ts'), STRESS_CONFIG)
    await writeFile(join(root, 'reports'), 'not a folder')
    const result = await checkConfig({ root })
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('is not a directory')
  })
})
