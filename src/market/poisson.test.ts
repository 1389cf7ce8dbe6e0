import { expect, test } from 'vitest'
import { seededRng } from '../common/random.js'
import { poisson } from './poisson.js'

test.each([0.05, 1, 4])('Poisson(%f) has mean and variance lambda', (lambda) => {
  const rng = seededRng(99)
  const n = 100_000
  const draws = Array.from({ length: n }, () => poisson(rng, lambda))
  const mean = draws.reduce((a, b) => a + b, 0) / n
  const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)
  expect(Math.abs(mean - lambda), 'mean within 4 standard errors').toBeLessThan(
    4 * Math.sqrt(lambda / n),
  )
  expect(Math.abs(variance / lambda - 1), 'variance').toBeLessThan(0.03)
})

test('rejects intensities it cannot draw exactly', () => {
  expect(() => poisson(seededRng(1), 50)).toThrow(/lambda must be in \[0, 30\], got 50/)
  expect(poisson(seededRng(1), 0)).toBe(0)
})
