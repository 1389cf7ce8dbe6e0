import { afterEach, describe, expect, test } from 'vitest'
import { StressPluginOptionError, type StressPluginOptions, stress } from './stress-plugin.js'

/** What the plugin provides to its project, read through its real `config` hook. */
function provided(options: StressPluginOptions = {}): Record<string, unknown> {
  const plugin = stress(options)
  const hook = plugin.config as (config: object) => {
    test: { projects: { test: { provide: Record<string, unknown> } }[] }
  }
  const project = hook({}).test.projects[0]
  if (project === undefined) throw new Error('the plugin declared no project')
  return project.test.provide
}

const saved = process.env.STRESSGATE_METRICS_PORT
afterEach(() => {
  if (saved === undefined) delete process.env.STRESSGATE_METRICS_PORT
  else process.env.STRESSGATE_METRICS_PORT = saved
})

describe('stress() options', () => {
  test('bad values are refused, naming the value, what is allowed and an example', () => {
    const refused = (options: StressPluginOptions, message: string) => {
      expect(() => stress(options)).toThrow(StressPluginOptionError)
      expect(() => stress(options)).toThrow(message)
    }
    refused({ noiseFloorPct: -5 }, 'stress({ noiseFloorPct: -5 }): expected a percentage >= 0')
    refused({ trendRuns: 2.5 }, 'stress({ trendRuns: 2.5 }): expected a whole number of runs >= 1')
    refused({ testTimeout: 0 }, 'stress({ testTimeout: 0 }): expected a number of ms > 0')
    refused(
      { services: 'docker' as never },
      `stress({ services: "docker" }): allowed values are 'auto', 'external'`,
    )
  })

  test('STRESSGATE_METRICS_PORT wins over metricsPort: a port, 0, or off', () => {
    expect(provided({ metricsPort: 9100 }).stressgateMetricsPort).toBe(9100)
    process.env.STRESSGATE_METRICS_PORT = '0'
    expect(provided({ metricsPort: 9100 }).stressgateMetricsPort).toBe(0)
    process.env.STRESSGATE_METRICS_PORT = 'off'
    expect(provided({ metricsPort: 9100 }).stressgateMetricsPort).toBeNull()
    process.env.STRESSGATE_METRICS_PORT = '70000'
    expect(() => stress()).toThrow(
      'STRESSGATE_METRICS_PORT="70000": expected a port 0-65535 (0: any free one) or "off"',
    )
  })
})
