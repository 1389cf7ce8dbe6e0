import { describe, expect, test } from 'vitest'
import { partialFilter } from './partial-run.js'

const all = ['scenarios/a.stress.ts', 'scenarios/b.stress.ts', 'scenarios/c.stress.ts']

describe('partialFilter', () => {
  test('the whole suite is not partial', () => {
    expect(partialFilter({ filesRun: all, filesAll: all, skippedTests: 0 })).toBeUndefined()
  })

  test('says every way a run was cut down', () => {
    expect(
      partialFilter({
        testNamePattern: 'flash_crash',
        shard: '1/3',
        filesRun: ['scenarios/a.stress.ts'],
        filesAll: all,
        skippedTests: 1,
      }),
    ).toBe('-t "flash_crash"; --shard 1/3; 1 of 3 scenario files; 1 scenario skipped')
    expect(partialFilter({ filesRun: all, filesAll: all, skippedTests: 2 })).toBe(
      '2 scenarios skipped',
    )
  })
})
