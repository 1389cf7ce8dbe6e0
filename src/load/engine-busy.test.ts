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

test('stays exact and fast with a million stretches inside the window', () => {
  const busy = new EngineBusy()
  for (let i = 0; i < 1_000_000; i++) busy.add(i, i + 0.5)
  expect(busy.within(0, 1_000_000)).toBe(500_000)
  expect(busy.within(10.25, 12.25)).toBe(0.25 + 0.5 + 0.25)
  const started = performance.now()
  let total = 0
  for (let q = 12; q < 1_012; q++) total += busy.within(q, 1_000_000)
  // Each query sees (1_000_000 - q) stretches of 0.5 ms; q runs 12..1011.
  expect(total).toBe(0.5 * (1_000 * 1_000_000 - ((12 + 1_011) * 1_000) / 2))
  expect(performance.now() - started, 'a thousand queries, no quadratic walk').toBeLessThan(5_000)
})
