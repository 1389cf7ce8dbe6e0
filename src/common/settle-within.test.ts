import { describe, expect, test } from 'vitest'
import { settleWithin } from './settle-within.js'

describe('settleWithin', () => {
  test('true when the work settles in time, resolved or rejected; false when it does not', async () => {
    expect(await settleWithin(Promise.resolve(1), 50)).toBe(true)
    expect(await settleWithin(Promise.reject(new Error('x')), 50)).toBe(true)
    expect(await settleWithin(new Promise(() => undefined), 20)).toBe(false)
  })
})
