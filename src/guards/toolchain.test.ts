import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { repo } from '../../test/helpers/run-fixture.js'
import { checkToolchain, versionAtLeast } from './toolchain.js'

describe('checkToolchain', () => {
  test('this repository on this Node passes', async () => {
    const result = await checkToolchain({ root: repo })
    expect(result.status).toBe('ok')
    expect(result.detail).toMatch(/^node v\d+\.\d+\.\d+, npm \d+\.\S+, vitest \d+\.\d+\.\d+$/)
  })

  test('an old Node fails', async () => {
    const result = await checkToolchain({ root: repo, nodeVersion: '20.18.1' })
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('node v20.18.1 is older than 20.19.0')
  })

  test('no npm on PATH fails', async () => {
    const result = await checkToolchain({ root: repo, env: { PATH: '/nonexistent' } })
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('npm not found on PATH')
  })

  test('a folder where vitest does not resolve fails', async () => {
    const root = await mkdtemp(join(tmpdir(), 'stressgate-guards-tool-'))
    try {
      const result = await checkToolchain({ root })
      expect(result.status).toBe('fail')
      expect(result.detail).toContain(`vitest does not resolve from ${root}`)
      expect(result.fix).toContain('npm ci')
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })

  test('versionAtLeast compares dotted versions', () => {
    expect(versionAtLeast('20.19.0', '20.19.0')).toBe(true)
    expect(versionAtLeast('v22.1.0', '20.19.0')).toBe(true)
    expect(versionAtLeast('20.9.0', '20.19.0')).toBe(false)
  })
})
