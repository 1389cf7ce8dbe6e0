import './matcher-types.js'
import './provided-context.js'
import './task-meta.js'

export type { ServicesMode } from '../src/services/service-types.js'
export { StressMatcherError } from './matcher-error.js'
export type { StressMatchers } from './matcher-types.js'
export { stressMatchers } from './matchers.js'
export {
  DASHBOARD_FILE,
  JUNIT_FILE,
  MARKDOWN_FILE,
  REPORT_FILE,
  StressReporter,
  type StressReporterOptions,
} from './reporter.js'
export {
  StressPluginOptionError,
  type StressPluginOptions,
  stress,
} from './stress-plugin.js'
export type { StressTaskMeta } from './task-meta.js'
