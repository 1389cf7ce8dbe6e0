import { expect, test } from 'vitest'
import { replayCommand } from './replay-command.js'

test('the replay: its engine, clock and seed, its file and only its test', () => {
  expect(
    replayCommand({
      file: 'scenarios/broker-failure.stress.ts',
      test: 'broker_failure',
      seed: 11,
      time: 'simulated',
    }),
  ).toBe(
    "STRESSGATE_TIME=simulated STRESSGATE_SEED=11 npx vitest run --project stress scenarios/broker-failure.stress.ts -t '^broker_failure$'",
  )
  expect(
    replayCommand({
      file: 'my scenarios/odd.stress.ts',
      test: "a (b) it's",
      seed: -3,
      time: 'real',
      engine: '/home/me/gov.ts',
    }),
    'quoted for the shell, escaped for the -t pattern',
  ).toBe(
    "STRESSGATE_ENGINE=/home/me/gov.ts STRESSGATE_TIME=real STRESSGATE_SEED=-3 npx vitest run --project stress 'my scenarios/odd.stress.ts' -t '^a \\(b\\) it'\\''s$'",
  )
})
