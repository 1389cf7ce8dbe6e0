/*
 * Global setup of the stress project (added by the `stress()` plugin), run once in the main
 * process: provisions Redis, PostgreSQL and a Pushgateway, hands their URLs to the workers with
 * `provide`, and stops them when the run ends (or on Ctrl+C, via the services' own handlers).
 */
import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { TestProject } from 'vitest/node'
import { setMainServices } from '../src/scenario/main-services.js'
import { startServices } from '../src/services/start-services.js'
import './provided-context.js'

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mode = project.getProvidedContext().stressgateServicesMode ?? 'auto'
  const provisionStartMs = performance.now()
  const services = await startServices({
    mode,
    warn: (m) => project.vitest.logger.warn(`[stressgate] ${m}`),
  })
  const runId = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`
  const context = { runId, connections: services.connections }
  project.provide('stressgateServices', context)
  setMainServices({ ...context, provisionStartMs, provisionEndMs: performance.now() })
  const { redis, postgres, pushgateway } = services.connections
  const line = [redis, postgres, pushgateway]
    .map((s) => `${s.service}=${s.backend} (${s.startMs} ms)`)
    .join('  ')
  project.vitest.logger.log(` stressgate services (${mode}): ${line}`)
  return async () => {
    await services.stop()
    setMainServices(undefined)
  }
}
