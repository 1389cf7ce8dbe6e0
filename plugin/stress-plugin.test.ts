import { afterEach, describe, expect, test } from 'vitest'
import { StressPluginOptionError, type StressPluginOptions, stress } from './stress-plugin.js'

/** The project the plugin declares, read through its real `config` hook. */
function project(options: StressPluginOptions = {}, root = '/work/project') {
  const plugin = stress(options)
  const hook = plugin.config as (config: object) => {
    test: { projects: { test: { provide: Record<string, unknown>; include: string[] } }[] }
  }
  const declared = hook({ root }).test.projects[0]
  if (declared === undefined) throw new Error('the plugin declared no project')
  return declared.test
}

/** What the plugin provides to its project. */
const provided = (options: StressPluginOptions = {}): Record<string, unknown> =>
  project(options).provide

const VARIABLES = ['STRESSGATE_METRICS_PORT', 'STRESSGATE_ENGINE', 'STRESSGATE_STANDARD_SUITE']
const saved = Object.fromEntries(VARIABLES.map((v) => [v, process.env[v]]))
afterEach(() => {
  for (const v of VARIABLES) {
    if (saved[v] === undefined) delete process.env[v]
    else process.env[v] = saved[v]
  }
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

  test('an unknown option names the one it most likely meant; a wrong type names what it takes', () => {
    const refused = (options: unknown): string => {
      try {
        stress(options as StressPluginOptions)
      } catch (error) {
        expect(error).toBeInstanceOf(StressPluginOptionError)
        return (error as Error).message
      }
      throw new Error('accepted')
    }
    expect(refused({ servics: 'auto' })).toContain(
      "servics: not an option; did you mean 'services'? The options are services, reportDir,",
    )
    expect(refused({ reportdir: 'out' })).toContain(
      "reportdir: not an option; did you mean 'reportDir'?",
    )
    expect(refused({ colour: 'red' })).toContain('colour: not an option; no option is close to it.')
    const wrongType = refused({ reportDir: 42, failOnRegression: 'yes' })
    expect(wrongType).toMatch(/^stress\(\): options are wrong:/)
    expect(wrongType).toMatch(
      /reportDir: .*expected string.* \(got 42\); e\.g\. reportDir: 'reports'/,
    )
    expect(wrongType).toMatch(/failOnRegression: .*expected boolean.* \(got "yes"\)/)
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

  test('engine: a module path from the Vitest root; STRESSGATE_ENGINE wins', () => {
    expect(provided().stressgateEngine, 'default: the reference governor').toBeNull()
    expect(provided({ engine: './src/gov.ts' }).stressgateEngine).toBe('/work/project/src/gov.ts')
    process.env.STRESSGATE_ENGINE = '/elsewhere/other.ts'
    expect(provided({ engine: './src/gov.ts' }).stressgateEngine).toBe('/elsewhere/other.ts')
    expect(() => stress({ engine: '' })).toThrow(
      `stress({ engine: "" }): expected the path of an engine module, e.g. './src/my-governor.ts'.`,
    )
  })

  test('standardSuite adds the shipped scenarios beside the project own; the env wins', () => {
    expect(project().include).toEqual(['scenarios/**/*.stress.ts'])
    const suite = project({ standardSuite: true }).include
    expect(suite[0]).toBe('scenarios/**/*.stress.ts')
    expect(suite[1]).toMatch(/scenarios\/\*\.stress\.\{ts,js\}$/)
    process.env.STRESSGATE_STANDARD_SUITE = '1'
    expect(project().include).toHaveLength(2)
    process.env.STRESSGATE_STANDARD_SUITE = 'yes'
    expect(() => stress()).toThrow(
      'STRESSGATE_STANDARD_SUITE="yes": expected 1 (run the shipped standard suite) or 0.',
    )
  })
})
