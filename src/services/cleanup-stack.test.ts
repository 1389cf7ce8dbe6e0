import { mkdtemp, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { CleanupStack } from './cleanup-stack.js'

describe('CleanupStack', () => {
  test('stops in reverse order, keeps going past a failure, removes temp dirs, runs once', async () => {
    const order: string[] = []
    const stack = new CleanupStack()
    const dir = await mkdtemp(join(tmpdir(), 'sg-cleanup-'))
    stack.addTempDir(dir)
    stack.add('first', async () => {
      order.push('first')
    })
    stack.add('broken', async () => {
      order.push('broken')
      throw new Error('would not stop')
    })
    stack.add('last', async () => {
      order.push('last')
    })
    await Promise.all([stack.run(), stack.run()])
    await stack.run()
    expect(order).toEqual(['last', 'broken', 'first'])
    expect(stack.errors).toEqual(['broken: would not stop'])
    await expect(stat(dir)).rejects.toThrow(/ENOENT/)
  })

  test('watching the process installs signal and exit handlers until the run ends', async () => {
    const before = process.listenerCount('SIGINT')
    const stack = new CleanupStack().watchProcess().watchProcess()
    expect(process.listenerCount('SIGINT')).toBe(before + 1)
    await stack.run()
    expect(process.listenerCount('SIGINT')).toBe(before)
  })
})
