import { z } from 'zod'
import { closestName } from '../src/common/closest-name.js'

/** Every option of `stress()`, with what it takes: the vocabulary the checks are built from. */
const schema = z
  .object({
    services: z.string(),
    reportDir: z.string().min(1, 'expected a directory, e.g. "reports"'),
    include: z.array(z.string()),
    projectName: z.string().min(1),
    testTimeout: z.number(),
    metricsPort: z.union([z.number().int(), z.literal(false)]),
    baseline: z.string(),
    noiseFloorPct: z.number(),
    failOnRegression: z.boolean(),
    trendRuns: z.number(),
    engine: z.string(),
    standardSuite: z.boolean(),
  })
  .partial()
  .strict()

const KNOWN = Object.keys(schema.shape)

/** What each option looks like, for the messages. */
const EXAMPLES: Readonly<Record<string, string>> = {
  services: "'auto'",
  reportDir: "'reports'",
  include: "['scenarios/**/*.stress.ts']",
  projectName: "'stress'",
  testTimeout: '300_000',
  metricsPort: '8000 (or false)',
  baseline: "'baselines/main.json'",
  noiseFloorPct: '10',
  failOnRegression: 'true',
  trendRuns: '20',
  engine: "'./src/my-governor.ts'",
  standardSuite: 'true',
}

const shown = (value: unknown): string =>
  typeof value === 'string'
    ? JSON.stringify(value)
    : Array.isArray(value)
      ? '[array]'
      : String(value)

/**
 * Every problem with the shape of the plugin's options, one line each: an unknown option with
 * the one it most likely meant, a wrong type with what it takes. Empty when the shape is right
 * (the values are checked next, one by one).
 *
 * @example
 * optionProblems({ servics: 'auto' }) // ["servics: not an option; did you mean 'services'? ..."]
 */
export function optionProblems(options: unknown): string[] {
  const parsed = schema.safeParse(options)
  if (parsed.success) return []
  const given = (options ?? {}) as Record<string, unknown>
  return parsed.error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const meant = closestName(key, KNOWN)
        const hint = meant ? `did you mean '${meant}'?` : 'no option is close to it.'
        return `${key}: not an option; ${hint} The options are ${KNOWN.join(', ')}.`
      })
    }
    const key = String(issue.path[0] ?? '')
    const example = EXAMPLES[key]
    return [
      `${key}: ${issue.message} (got ${shown(given[key])})${example ? `; e.g. ${key}: ${example}` : ''}`,
    ]
  })
}
