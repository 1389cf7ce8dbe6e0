import { expect, test } from 'vitest'
import { statusColour } from './status-colours.js'

test.each([
  ['decisionP99Ms', 9.99, 'green'],
  ['decisionP99Ms', 10, 'yellow'],
  ['decisionP99Ms', 15, 'yellow'],
  ['decisionP99Ms', 15.01, 'red'],
  ['pipelineP99Ms', 14.9, 'green'],
  ['pipelineP99Ms', 20.5, 'red'],
  ['errorRatePct', 0.04, 'green'],
  ['errorRatePct', 0.1, 'yellow'],
  ['errorRatePct', 0.11, 'red'],
  ['positionDeltaUsd', 499, 'green'],
  ['positionDeltaUsd', 1000, 'yellow'],
  ['positionDeltaUsd', 1000.01, 'red'],
  ['hardLimitBreaches', 0, 'green'],
  ['hardLimitBreaches', 1, 'red'],
  ['decisionP99Ms', undefined, 'unknown'],
] as const)('%s = %s is %s', (check, value, colour) => {
  expect(statusColour(check, value)).toBe(colour)
})
