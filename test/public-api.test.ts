import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, test } from 'vitest'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/*
 * The public API by audience: each package entry and every name it exports. A name added to
 * or dropped from an entry fails here until this list says so: the API changes on purpose.
 */
const ENTRIES = {
  '.': {
    source: 'src/index.ts',
    values: [
      'CAPABILITIES',
      'EngineModuleError',
      'HttpEngineError',
      'HttpEngineTimeoutError',
      'ScenarioOverlapError',
      'ScenarioSpecError',
      'SkewedClock',
      'StressgateError',
      'VirtualClock',
      'brokerDisconnect',
      'brokerHalfOpen',
      'burstArrivals',
      'clockSkew',
      'constantLatency',
      'constantRate',
      'controlFlag',
      'engineUnderTest',
      'eventLoopStall',
      'flashCrash',
      'flashCrash2010',
      'gbm',
      'hasCapability',
      'httpEngine',
      'isControllable',
      'loadTicks',
      'lognormalLatency',
      'memoryPressure',
      'mertonJumpDiffusion',
      'offsetSchedule',
      'poissonArrivals',
      'proxyDown',
      'rampingArrivals',
      'referenceGovernor',
      'runScenario',
      'exploreScenario',
      'startFaultProxy',
      'systemClock',
      'tickReplay',
      'toxicFault',
      'uniformLatency',
    ],
    types: [
      'ArrivalSchedule',
      'Capability',
      'Clock',
      'Controllable',
      'CriterionResult',
      'Decision',
      'DecisionCounts',
      'DecisionRequest',
      'EngineActions',
      'EngineFactory',
      'EngineLimits',
      'EngineModuleOptions',
      'EngineOrder',
      'EngineStatistics',
      'EngineUnderTest',
      'ExploredResult',
      'ExploreOptions',
      'Fault',
      'FaultContext',
      'FaultTimelineEntry',
      'FeeSchedule',
      'Fill',
      'Flattens',
      'HardLimits',
      'HasStatistics',
      'HttpEngine',
      'HttpEngineOptions',
      'LatencyMetric',
      'LatencySpec',
      'LatencyWindow',
      'LinkChange',
      'LinkReport',
      'MarketSpec',
      'MarketTick',
      'PipelineReport',
      'Position',
      'RampingStage',
      'ReceivesFills',
      'ReceivesLinkChanges',
      'ReceivesTicks',
      'ReferenceGovernor',
      'ReferenceGovernorOptions',
      'ReportsPositions',
      'ReportsState',
      'RiskEngine',
      'ScenarioCriteria',
      'ScenarioFailed',
      'ScenarioInconclusive',
      'ScenarioPassed',
      'ScenarioResult',
      'ScenarioRunData',
      'ScenarioSpec',
      'Side',
      'StartedFaultProxy',
      'StateChange',
      'StrategyOptions',
      'TakesActions',
      'Toxic',
      'VenueReport',
      'VenueSpec',
    ],
  },
  './plugin': {
    source: 'plugin/index.ts',
    values: [
      'StressMatcherError',
      'StressPluginOptionError',
      'StressReporter',
      'stress',
      'stressMatchers',
    ],
    types: [
      'ServicesMode',
      'StressMatchers',
      'StressPluginOptions',
      'StressReporterOptions',
      'StressTaskMeta',
    ],
  },
  './report': {
    source: 'src/report/index.ts',
    values: [
      'DASHBOARD_FILE',
      'DEFAULT_ALPHA',
      'DEFAULT_NOISE_FLOOR_PCT',
      'HISTORY_FILE',
      'HistogramDecodeError',
      'HistoryFileError',
      'JUNIT_FILE',
      'MARKDOWN_FILE',
      'REPORT_FILE',
      'ReportFileError',
      'appendRunHistory',
      'buildCertification',
      'calibrateNoiseFloors',
      'compareReports',
      'compareWithBaseline',
      'decodeHistogram',
      'encodeHistogram',
      'formatSummary',
      'historyEntry',
      'isCertificationReport',
      'junitXml',
      'ksTestEncoded',
      'markdownSummary',
      'mergeEncodedHistograms',
      'mergeRunHistories',
      'publishToGitHubActions',
      'readCertification',
      'readRunHistory',
      'renderDashboard',
      'statusColour',
    ],
    types: [
      'AssertedCriterion',
      'BaselineOptions',
      'BaselineOutcome',
      'BaselineReport',
      'BaselineScenario',
      'CalibratedFloor',
      'CertificationReport',
      'CompareOptions',
      'CompareVerdict',
      'DashboardInput',
      'EncodedHistograms',
      'KsResult',
      'MarkdownSummaryOptions',
      'PublishResult',
      'ReportComparison',
      'ReportedCriterion',
      'RunHistoryEntry',
      'RunServicesReport',
      'ScenarioComparison',
      'ScenarioReport',
      'ScenarioTestRecord',
      'ScenarioVerdict',
      'StatusColour',
    ],
  },
  './services': {
    source: 'src/services/index.ts',
    values: [
      'GOVERNOR_KEYS',
      'LINK_DOWN_REASON',
      'MIGRATIONS',
      'RedisState',
      'SCHEMA',
      'SERVICES_MODES',
      'SERVICE_ENV',
      'ServiceProvisionError',
      'ServiceSpecError',
      'ServiceUnreachableError',
      'attachRedisControl',
      'clearFlag',
      'connectPostgres',
      'connectRedis',
      'ensureRun',
      'finishRun',
      'flagValue',
      'migrate',
      'raiseFlag',
      'readFlags',
      'recordScenario',
      'redactUrl',
      'startServices',
    ],
    types: [
      'FlagStatus',
      'GovernorAlert',
      'GovernorFlag',
      'MetricsExposition',
      'Migration',
      'MigrationReport',
      'QueuedDecision',
      'RaisedFlag',
      'RedisControl',
      'RedisControlReport',
      'RunRecord',
      'ServiceAttempt',
      'ServiceBackend',
      'ServiceConnections',
      'ServiceEndpoint',
      'ServiceName',
      'ServicesContext',
      'ServicesMode',
      'StartServicesOptions',
      'StartedServices',
    ],
  },
} as const

/** The names an entry file re-exports, split into values and types, read from its source. */
function exportedNames(source: string): { values: string[]; types: string[]; star: boolean } {
  const text = readFileSync(join(repo, source), 'utf8')
  const values: string[] = []
  const types: string[] = []
  for (const match of text.matchAll(/export (type )?\{([^}]*)\} from/g)) {
    for (const raw of (match[2] ?? '').split(',').map((n) => n.trim())) {
      if (raw === '') continue
      const name =
        raw
          .replace(/^type /, '')
          .split(' as ')
          .at(-1)
          ?.trim() ?? raw
      if (match[1] !== undefined || raw.startsWith('type ')) types.push(name)
      else values.push(name)
    }
  }
  return { values: values.sort(), types: types.sort(), star: /export \*/.test(text) }
}

const packageJson = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>
}

describe('the public entries', () => {
  test('package.json exports exactly these entries, each built', () => {
    expect(Object.keys(packageJson.exports).sort()).toEqual(
      [...Object.keys(ENTRIES), './package.json'].sort(),
    )
    for (const entry of Object.keys(ENTRIES)) {
      const target = packageJson.exports[entry]
      if (typeof target !== 'object') throw new Error(`${entry} has no types/default`)
      expect(existsSync(join(repo, target.default)), `${entry} -> ${target.default}`).toBe(true)
      expect(existsSync(join(repo, target.types)), `${entry} -> ${target.types}`).toBe(true)
    }
  })

  test.each(Object.entries(ENTRIES))('%s lists exactly its names', async (entry, expected) => {
    const found = exportedNames(expected.source)
    expect(found.star, `${expected.source} must list its names, no export *`).toBe(false)
    expect(found.values, 'values').toEqual([...expected.values].sort())
    expect(found.types, 'types').toEqual([...expected.types].sort())
    const target = packageJson.exports[entry]
    if (typeof target !== 'object') throw new Error(`${entry} has no default`)
    const built = (await import(pathToFileURL(join(repo, target.default)).href)) as object
    expect(Object.keys(built).sort(), `what ${target.default} exports at run time`).toEqual(
      [...expected.values].sort(),
    )
  })

  test('the root entry stays the size a scenario author can take in', () => {
    const root = ENTRIES['.']
    expect(root.values.length + root.types.length).toBeLessThanOrEqual(100)
  })
})
