import { expect, test } from 'vitest'
import { closestName } from './closest-name.js'

test('the name a typo meant: within a third of its length, case aside', () => {
  const known = ['services', 'reportDir', 'include', 'metricsPort']
  expect(closestName('servics', known)).toBe('services')
  expect(closestName('reportdir', known), 'case only').toBe('reportDir')
  expect(closestName('metricPort', known)).toBe('metricsPort')
  expect(closestName('colour', known), 'nothing close').toBeUndefined()
  expect(closestName('x', []), 'nothing known').toBeUndefined()
})
