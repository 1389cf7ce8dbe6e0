/*
 * `stressgate/report`: reading, building, comparing and rendering certification reports and
 * their run history. Every name is listed here explicitly (pinned by a test).
 */

export {
  decodeHistogram,
  encodeHistogram,
  HistogramDecodeError,
  mergeEncodedHistograms,
} from '../metrics/histogram-codec.js'
export { type KsResult, ksTestEncoded } from '../metrics/ks-test.js'
export type { EncodedHistograms } from '../metrics/latency-recorder.js'
export { buildCertification } from './certification.js'
export { compareReports, DEFAULT_ALPHA, DEFAULT_NOISE_FLOOR_PCT } from './compare.js'
export {
  type BaselineOptions,
  type BaselineOutcome,
  compareWithBaseline,
} from './compare-with-baseline.js'
export { type PublishResult, publishToGitHubActions } from './github-actions.js'
export { type DashboardInput, renderDashboard } from './html/render-dashboard.js'
export { junitXml } from './junit.js'
export { type MarkdownSummaryOptions, markdownSummary } from './markdown-summary.js'
export { calibrateNoiseFloors } from './noise-floor.js'
export { isCertificationReport, ReportFileError, readCertification } from './read-certification.js'
export {
  DASHBOARD_FILE,
  HISTORY_FILE,
  JUNIT_FILE,
  MARKDOWN_FILE,
  REPORT_FILE,
} from './report-files.js'
export type {
  AssertedCriterion,
  BaselineReport,
  BaselineScenario,
  CalibratedFloor,
  CertificationReport,
  CompareOptions,
  CompareVerdict,
  ReportComparison,
  ReportedCriterion,
  RunHistoryEntry,
  RunServicesReport,
  ScenarioComparison,
  ScenarioReport,
  ScenarioTestRecord,
  ScenarioVerdict,
} from './report-schema.js'
export {
  appendRunHistory,
  HistoryFileError,
  historyEntry,
  mergeRunHistories,
  readRunHistory,
} from './run-history-file.js'
export { type StatusColour, statusColour } from './status-colours.js'
export { formatSummary } from './summary-text.js'
