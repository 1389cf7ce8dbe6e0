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
