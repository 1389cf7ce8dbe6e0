/*
 * `stressgate/plugin`: the Vitest face, for a project's vitest.config.ts and its scenario files:
 * the plugin, its reporter and the matchers. Every name is listed here explicitly (pinned by a
 * test). The report files' names are in `stressgate/report`.
 */
import './matcher-types.js'
import './provided-context.js'
import './task-meta.js'

export type { ServicesMode } from '../src/services/service-types.js'
export { StressMatcherError } from './matcher-error.js'
export type { StressMatchers } from './matcher-types.js'
export { stressMatchers } from './matchers.js'
export { StressReporter, type StressReporterOptions } from './reporter.js'
export {
  StressPluginOptionError,
  type StressPluginOptions,
  stress,
} from './stress-plugin.js'
export type { StressTaskMeta } from './task-meta.js'
