import { statfs } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { checkDisk } from './disk.js'

const MIB = 1024 * 1024

async function freeMb(dir: string): Promise<number> {
  const s = await statfs(dir)
  return (Number(s.bavail) * Number(s.bsize)) / MIB
}

describe('checkDisk', () => {
  const dir = tmpdir()

  test('a threshold above the free space fails', async () => {
    const free = await freeMb(dir)
    const result = await checkDisk({ dir, minFreeMb: Math.ceil(free) + 1024 })
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('under the')
    expect(result.fix).toContain('--min-free-mb')
  })

  test('thresholds below the free space pass', async () => {
    const free = await freeMb(dir)
    const below = Math.max(0, Math.floor(free) - 1024)
    const result = await checkDisk({ dir, minFreeMb: below, warnFreeMb: below })
    expect(result).toMatchObject({ name: 'disk', status: 'ok' })
  })

  test('between the minimum and the warning threshold warns', async () => {
    const free = await freeMb(dir)
    const result = await checkDisk({ dir, minFreeMb: 0, warnFreeMb: Math.ceil(free) + 1024 })
    expect(result.status).toBe('warn')
  })

  test('a report folder that does not exist yet is measured on its nearest parent', async () => {
    const result = await checkDisk({
      dir: join(dir, 'no', 'such', 'folder'),
      minFreeMb: 0,
      warnFreeMb: 0,
    })
    expect(result.status).toBe('ok')
    expect(result.detail).toContain(`free at ${dir}`)
  })
})
