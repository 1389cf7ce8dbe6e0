import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { findBinary, searchPath } from './find-binary.js'

let a: string
let b: string
beforeAll(async () => {
  a = await mkdtemp(join(tmpdir(), 'sg-bin-a-'))
  b = await mkdtemp(join(tmpdir(), 'sg-bin-b-'))
  await writeFile(join(a, 'tool'), 'not executable')
  await writeFile(join(b, 'tool'), '#!/bin/sh\n')
  await chmod(join(b, 'tool'), 0o755)
})
afterAll(async () => {
  await rm(a, { recursive: true, force: true })
  await rm(b, { recursive: true, force: true })
})

describe('findBinary', () => {
  test('returns the first executable in folder order, skipping non-executables', () => {
    expect(findBinary('tool', [a, b])).toBe(join(b, 'tool'))
    expect(findBinary('tool', [a])).toBeUndefined()
    expect(findBinary('missing', [a, b])).toBeUndefined()
  })

  test('searches PATH first, then Debian PostgreSQL folders', () => {
    const dirs = searchPath({ PATH: `${a}:${b}` })
    expect(dirs.slice(0, 2)).toEqual([a, b])
    expect(dirs.slice(2).every((d) => /^\/usr\/lib\/postgresql\/\d+\/bin$/.test(d))).toBe(true)
  })
})
