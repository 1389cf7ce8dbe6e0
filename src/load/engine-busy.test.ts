import { expect, test } from 'vitest'
import { EngineBusy } from './engine-busy.js'

test('busy time inside a window, clipped at both ends', () => {
  const busy = new EngineBusy()
  busy.add(0, 3)
  busy.add(5, 6)
  busy.add(7, 7) // nothing
  expect(busy.within(1, 3)).toBe(2)
  expect(busy.within(2, 10)).toBe(2)
  expect(busy.within(3, 5.5)).toBe(0.5)
  expect(busy.within(6, 10)).toBe(0)
})
