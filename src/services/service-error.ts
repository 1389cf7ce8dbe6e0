import { StressgateError } from '../common/stressgate-error.js'
import type { ServiceAttempt, ServiceName, ServicesMode } from './service-types.js'

const FIX: Record<ServiceName, string> = {
  redis:
    'set STRESS_REDIS_URL=redis://127.0.0.1:6379, install redis-server (apt-get install redis-server), or start a container runtime',
  postgres:
    'set STRESS_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/db, install PostgreSQL (apt-get install postgresql), or start a container runtime',
  pushgateway:
    'set STRESS_PUSHGATEWAY_URL=http://127.0.0.1:9091, install prometheus-pushgateway (apt-get install prometheus-pushgateway), or start a container runtime',
}

/** No backend could provide a required service. The message lists every attempt and the fixes. */
export class ServiceProvisionError extends StressgateError {
  readonly code = 'STRESSGATE_SERVICE_UNAVAILABLE'
  constructor(
    readonly service: ServiceName,
    readonly mode: ServicesMode,
    readonly attempts: readonly ServiceAttempt[],
    options?: { cause?: unknown },
  ) {
    const tried = attempts.map((a) => `  - ${a.backend}: ${a.outcome}`).join('\n')
    const fallback =
      mode === 'require-real' ? '' : `, or use services: 'auto' to fall back to the embedded one`
    super(
      `Could not provide ${service} (services: '${mode}'). Tried:\n${tried || '  (nothing: no backend allowed by this mode)'}\nFix: ${FIX[service]}${fallback}.`,
      options,
    )
  }
}

/** A service was found but could not be used (refused, wrong password, not ready in time...). */
export class ServiceUnreachableError extends StressgateError {
  readonly code = 'STRESSGATE_SERVICE_UNREACHABLE'
}

/** A services option was given a value it cannot use (e.g. an unknown mode). */
export class ServiceSpecError extends StressgateError {
  readonly code = 'STRESSGATE_SERVICE_SPEC'
}
