/** The services a scenario can use. */
export type ServiceName = 'redis' | 'postgres' | 'pushgateway'

/** Where a service came from. `none`: no backend could serve it and it is optional. */
export type ServiceBackend = 'external' | 'testcontainers' | 'local' | 'embedded' | 'none'

/** How the plugin provisions services (DESIGN "Services"). */
export type ServicesMode =
  | 'auto'
  | 'external'
  | 'testcontainers'
  | 'local'
  | 'embedded'
  | 'require-real'

export const SERVICES_MODES: readonly ServicesMode[] = [
  'auto',
  'external',
  'testcontainers',
  'local',
  'embedded',
  'require-real',
]

/** How to reach one service. Plain JSON: it travels from the main process to the workers. */
export interface ServiceEndpoint {
  readonly service: ServiceName
  readonly backend: ServiceBackend
  /**
   * Connection URL (`redis://`, `postgres://`, `http://`). The embedded Redis lives inside each
   * worker and has the URL `embedded://redis`.
   */
  readonly url: string
  /** What serves it, for reports: e.g. `redis-server 7.0.15 (pid 4242)`. */
  readonly detail: string
  /** Time to start and reach the service, in ms. */
  readonly startMs: number
}

/** Every service a run can use, with the backend that serves it. */
export interface ServiceConnections {
  readonly mode: ServicesMode
  readonly redis: ServiceEndpoint
  readonly postgres: ServiceEndpoint
  readonly pushgateway: ServiceEndpoint
}

/** One backend tried for one service, and why it was not used. */
export interface ServiceAttempt {
  readonly backend: Exclude<ServiceBackend, 'none'>
  readonly outcome: string
}

/** Started services; disposing them stops everything that was started, in reverse order. */
export interface StartedServices extends AsyncDisposable {
  readonly connections: ServiceConnections
  /** What was tried for each service, in order, for reports and errors. */
  readonly attempts: Readonly<Record<ServiceName, readonly ServiceAttempt[]>>
  stop(): Promise<void>
}

/**
 * Redacts every password of a URL inside free text (an error message that quotes its URL), so
 * no warning, report or log line ever carries one.
 *
 * @example
 * redactSecrets('connect ECONNREFUSED http://ci:hunter2@127.0.0.1:9091/metrics') // '... http://ci:***@127.0.0.1:9091/metrics'
 */
export function redactSecrets(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):[^\s/@]*@/gi, '$1:***@')
}

/**
 * An error's message as warnings and reports show it: its credentials redacted.
 *
 * @example
 * serviceErrorText(new Error('auth failed for redis://:pw@h:6379')) // 'auth failed for redis://:***@h:6379'
 */
export function serviceErrorText(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error))
}

/** Redacts the password of a connection URL for logs and reports. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return url
  }
}
