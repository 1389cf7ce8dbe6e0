import { existsSync } from 'node:fs'
import { chown, mkdir, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findBinary } from '../services/find-binary.js'
import { postgresServerArgs } from '../services/local-postgres.js'
import { probePostgres, probePushgateway, probeRedis } from '../services/probes.js'
import { nonRootAccount } from '../services/run-as.js'
import { spawnService } from '../services/service-process.js'
import { DailyError } from './daily-error.js'
import type { DailyProcessName } from './daily-state.js'

/** How to start one process. */
export interface Launch {
  readonly executable: string
  readonly args: readonly string[]
  readonly cwd: string
  readonly env?: NodeJS.ProcessEnv
  readonly uid?: number
  readonly gid?: number
}

/** What `up` needs to start, recognise, probe and stop one long-lived process. */
export interface Launcher {
  readonly name: DailyProcessName
  /** A word its command line keeps (see `ProcessIdentity.marker`). */
  readonly marker: string
  /** The port it must use; undefined: any free one, the previous one preferred. */
  readonly fixedPort?: number
  readonly readyTimeoutMs: number
  /** One-off preparation before the first start (PostgreSQL's initdb). */
  prepare?(): Promise<void>
  launch(port: number): Launch
  url(port: number): string
  /** Resolves with a one-line detail (a version) when it answers; rejects saying why not. */
  probe(url: string): Promise<string>
}

/**
 * The clean-stop signal of each process: PostgreSQL's SIGINT is its fast shutdown (SIGTERM
 * would wait for every client to leave).
 */
export const STOP_SIGNAL: Readonly<Record<DailyProcessName, NodeJS.Signals>> = {
  redis: 'SIGTERM',
  postgres: 'SIGINT',
  pushgateway: 'SIGTERM',
  metrics: 'SIGTERM',
}

const INSTALL: Readonly<Record<string, string>> = {
  'redis-server': 'apt-get install redis-server',
  'initdb/postgres': 'apt-get install postgresql',
  'prometheus-pushgateway': 'apt-get install prometheus-pushgateway',
}

/**
 * Redis, PostgreSQL and the Pushgateway from local binaries, with their data under `stateDir`.
 * Throws a {@link DailyError} naming every missing binary and how to install it.
 *
 * @example
 * const [redis, postgres, pushgateway] = localServiceLaunchers('.stressgate/daily')
 */
export function localServiceLaunchers(stateDir: string, binDirs?: readonly string[]): Launcher[] {
  const redis = findBinary('redis-server', binDirs)
  const initdb = findBinary('initdb', binDirs)
  const postgres = findBinary('postgres', binDirs)
  const pushgateway =
    findBinary('prometheus-pushgateway', binDirs) ?? findBinary('pushgateway', binDirs)
  const missing = [
    ...(redis ? [] : ['redis-server']),
    ...(initdb && postgres ? [] : ['initdb/postgres']),
    ...(pushgateway ? [] : ['prometheus-pushgateway']),
  ]
  if (!redis || !initdb || !postgres || !pushgateway) {
    throw new DailyError(
      `--services local needs ${missing.join(', ')}, not found on PATH (or /usr/lib/postgresql/*/bin). Install: ${missing.map((m) => INSTALL[m]).join('; ')}. Or run "stressgate up --services embedded" to start no services and let the run use embedded ones.`,
    )
  }
  return [
    redisLauncher(redis, join(stateDir, 'redis')),
    postgresLauncher(initdb, postgres, join(stateDir, 'postgres')),
    pushgatewayLauncher(pushgateway, join(stateDir, 'pushgateway')),
  ]
}

function redisLauncher(binary: string, dir: string): Launcher {
  return {
    name: 'redis',
    marker: 'redis-server',
    readyTimeoutMs: 10_000,
    prepare: async () => {
      await mkdir(dir, { recursive: true })
    },
    launch: (port) => ({
      executable: binary,
      // No persistence: live governor flags are rebuilt by every run.
      args: [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      cwd: dir,
    }),
    url: (port) => `redis://127.0.0.1:${port}`,
    probe: (url) => probeRedis(url, 1_000).then((v) => `redis-server ${v}`),
  }
}

const PG_USER = 'stressgate'

function postgresLauncher(initdb: string, binary: string, dir: string): Launcher {
  const data = join(dir, 'data')
  const account = nonRootAccount()
  const asUser = account ? { uid: account.uid, gid: account.gid } : {}
  const env = { PATH: process.env.PATH ?? '', LC_ALL: 'C', LANG: 'C', HOME: dir }
  return {
    name: 'postgres',
    marker: 'postgres',
    readyTimeoutMs: 30_000,
    async prepare() {
      await mkdir(dir, { recursive: true })
      if (account) await chown(dir, account.uid, account.gid)
      // The cluster stays from day to day; a half-made one (initdb interrupted) is made again.
      if (existsSync(join(data, 'PG_VERSION'))) return
      await rm(data, { recursive: true, force: true })
      const init = spawnService(
        initdb,
        ['-D', data, '-U', PG_USER, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'],
        { cwd: dir, env, ...asUser },
      )
      const { code } = await init.exited
      if (code !== 0) {
        const who = account
          ? ` (running as ${account.user}: every folder above ${dir} must be searchable by it, e.g. chmod o+x)`
          : ''
        throw new DailyError(`initdb failed (exit ${code})${who}: ${init.output()}`)
      }
    },
    launch: (port) => ({
      executable: binary,
      // No Unix socket: TCP on loopback only.
      args: postgresServerArgs(data, port, ''),
      cwd: dir,
      env,
      ...asUser,
    }),
    url: (port) => `postgres://${PG_USER}@127.0.0.1:${port}/postgres`,
    probe: (url) => probePostgres(url, 1_000),
  }
}

function pushgatewayLauncher(binary: string, dir: string): Launcher {
  return {
    name: 'pushgateway',
    marker: binary.endsWith('prometheus-pushgateway') ? 'prometheus-pushgateway' : 'pushgateway',
    readyTimeoutMs: 10_000,
    prepare: async () => {
      await mkdir(dir, { recursive: true })
    },
    launch: (port) => ({
      executable: binary,
      args: [
        `--web.listen-address=127.0.0.1:${port}`,
        // Pushed metrics survive a restart within the day.
        `--persistence.file=${join(dir, 'pushgateway.db')}`,
      ],
      cwd: dir,
    }),
    url: (port) => `http://127.0.0.1:${port}`,
    probe: (url) => probePushgateway(url, 1_000).then(() => `${basename(binary)} ready`),
  }
}

/** `node metrics-daemon.js`, or through tsx when running from the TypeScript sources. */
function daemonArgs(): string[] {
  const here = fileURLToPath(import.meta.url)
  if (here.endsWith('.ts')) {
    return ['--import', import.meta.resolve('tsx'), join(dirname(here), 'metrics-daemon.ts')]
  }
  return [join(dirname(here), 'metrics-daemon.js')]
}

/**
 * The detached metrics server (see `startDailyMetrics`): a Node process on `port`.
 *
 * @example
 * metricsLauncher({ port: 8000, reportDir: '/srv/desk/reports', cwd: '.stressgate/daily' })
 */
export function metricsLauncher(options: {
  /** undefined: any free port. */
  port: number | undefined
  reportDir: string
  cwd: string
}): Launcher {
  return {
    name: 'metrics',
    marker: 'metrics-daemon',
    fixedPort: options.port,
    readyTimeoutMs: 15_000,
    prepare: async () => {
      await mkdir(options.cwd, { recursive: true })
    },
    launch: (port) => ({
      executable: process.execPath,
      args: [...daemonArgs(), '--port', String(port), '--report-dir', options.reportDir],
      cwd: options.cwd,
    }),
    url: (port) => `http://127.0.0.1:${port}`,
    async probe(url) {
      const response = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(1_000) })
      if (!response.ok) throw new Error(`GET /healthz answered ${response.status}`)
      return 'stressgate metrics (/metrics, /healthz)'
    },
  }
}
