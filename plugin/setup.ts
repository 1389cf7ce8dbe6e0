/*
 * Setup file of the stress project (added by the `stress()` plugin): installs the matchers and
 * attaches every ScenarioResult produced during a test to that test's meta, for the reporter.
 */
import { beforeEach, expect } from 'vitest'
import { onScenarioResult } from '../src/scenario/result-channel.js'
import { stressMatchers } from './matchers.js'
import { stressMeta } from './task-meta.js'

expect.extend(stressMatchers)

beforeEach(({ task }) => onScenarioResult((result) => stressMeta(task).results.push(result)))
