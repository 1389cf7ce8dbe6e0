/*
 * Setup file of the stress project (added by the `stress()` plugin): installs the matchers,
 * hands the provisioned services to runScenario, and attaches every ScenarioResult produced
 * during a test to that test's meta, for the reporter.
 */
import { beforeEach, expect, inject } from 'vitest'
import { setAmbientServices } from '../src/scenario/ambient-services.js'
import { onScenarioResult } from '../src/scenario/result-channel.js'
import { stressMatchers } from './matchers.js'
import './provided-context.js'
import { stressMeta } from './task-meta.js'

expect.extend(stressMatchers)
setAmbientServices(inject('stressgateServices') ?? undefined)

beforeEach(({ task }) => onScenarioResult((result) => stressMeta(task).results.push(result)))
