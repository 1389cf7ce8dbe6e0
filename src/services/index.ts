/*
 * `stressgate/services`: provisioning Redis, PostgreSQL and a Pushgateway (external URLs,
 * Testcontainers, local binaries, embedded), the clients, the governor's live state and flags in
 * Redis, and the run history schema in PostgreSQL. Every name is listed here explicitly (pinned
 * by a test).
 */

export {
  clearFlag,
  type FlagStatus,
  type RaisedFlag,
  raiseFlag,
  readFlags,
} from '../governor/operator-flags.js'
export {
  attachRedisControl,
  flagValue,
  LINK_DOWN_REASON,
  type RedisControl,
  type RedisControlReport,
} from '../governor/redis-control.js'
export type { MetricsExposition } from '../metrics/live-registry.js'
export type { ServicesContext } from '../scenario/ambient-services.js'
export { ensureRun, finishRun, type RunRecord, recordScenario } from '../store/history.js'
export {
  MIGRATIONS,
  type Migration,
  type MigrationReport,
  migrate,
  SCHEMA,
} from '../store/migrations.js'
export {
  GOVERNOR_KEYS,
  type GovernorAlert,
  type GovernorFlag,
  type QueuedDecision,
  RedisState,
} from '../store/redis-state.js'
export { connectPostgres, connectRedis } from './clients.js'
export {
  ServiceProvisionError,
  ServiceSpecError,
  ServiceUnreachableError,
} from './service-error.js'
export {
  redactUrl,
  SERVICES_MODES,
  type ServiceAttempt,
  type ServiceBackend,
  type ServiceConnections,
  type ServiceEndpoint,
  type ServiceName,
  type ServicesMode,
  type StartedServices,
} from './service-types.js'
export { SERVICE_ENV, type StartServicesOptions, startServices } from './start-services.js'
