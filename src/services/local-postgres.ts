import { chown, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { findBinary, searchPath } from './find-binary.js'
import { type LocalServer, type LocalStartOptions, onFreePort } from './local-redis.js'
import { probePostgres } from './probes.js'
import { nonRootAccount } from './run-as.js'
import { spawnService } from './service-process.js'
import { waitUntil } from './wait-until.js'

const USER = 'stressgate'

/**
 * The `postgres` arguments of a throwaway test cluster: TCP on 127.0.0.1 only, the Unix socket in
 * `socketDir` ('' for none: socket paths are limited to ~100 chars), durability traded for speed.
 *
 * @example
 * spawnService(postgres, postgresServerArgs(data, 5433, ''), { cwd })
 */
export function postgresServerArgs(data: string, port: number, socketDir: string): string[] {
  return [
    '-D',
    data,
    '-p',
    String(port),
    '-h',
    '127.0.0.1',
    '-k',
    socketDir,
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
  ]
}

/**
 * Creates a throwaway cluster with `initdb` in `dir` and starts `postgres` on a free 127.0.0.1
 * port (trust auth, no fsync: it holds test data only). Runs as a non-root account when root.
 *
 * @example
 * const db = await startLocalPostgres('/tmp/stressgate-services-x')
 * db.url // postgres://stressgate@127.0.0.1:41234/postgres
 */
export async function startLocalPostgres(
  dir: string,
  options: LocalStartOptions = {},
): Promise<LocalServer> {
  const initdb = findBinary('initdb', options.binDirs)
  const postgres = findBinary('postgres', options.binDirs)
  if (!initdb || !postgres) {
    throw new Error(
      `initdb/postgres not found on PATH or in /usr/lib/postgresql/*/bin (searched ${(options.binDirs ?? searchPath()).length} folders). Install PostgreSQL: apt-get install postgresql`,
    )
  }
  const account = nonRootAccount()
  const data = join(dir, 'pgdata')
  await mkdir(data, { recursive: true })
  if (account) {
    await chown(dir, account.uid, account.gid)
    await chown(data, account.uid, account.gid)
  }
  const asUser = account ? { uid: account.uid, gid: account.gid } : {}
  const env = { PATH: process.env.PATH ?? '', LC_ALL: 'C', LANG: 'C', HOME: dir }
  const auth = ['--auth=trust']
  if (options.password !== undefined) {
    const pwfile = join(dir, 'pwfile')
    await writeFile(pwfile, `${options.password}\n`, { mode: 0o600 })
    if (account) await chown(pwfile, account.uid, account.gid)
    auth.splice(0, 1, '--auth=scram-sha-256', `--pwfile=${pwfile}`)
  }
  const init = spawnService(
    initdb,
    ['-D', data, '-U', USER, ...auth, '--no-sync', '-E', 'UTF8', '--locale=C'],
    {
      cwd: dir,
      env,
      ...asUser,
    },
  )
  const { code } = await init.exited
  if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${init.output()}`)

  return onFreePort(
    async (port) => {
      const proc = spawnService(postgres, postgresServerArgs(data, port, dir), {
        cwd: dir,
        env,
        ...asUser,
      })
      const secret =
        options.password === undefined ? '' : `:${encodeURIComponent(options.password)}`
      const url = `postgres://${USER}${secret}@127.0.0.1:${port}/postgres`
      try {
        const version = await waitUntil(() => probePostgres(url, 1_000), {
          timeoutMs: options.timeoutMs ?? 30_000,
          intervalMs: 200,
          abort: () => (proc.isRunning() ? undefined : `postgres exited: ${proc.output()}`),
        })
        const who = account ? ` as ${account.user}` : ''
        return { url, detail: `${version} (pid ${proc.pid}${who})`, process: proc }
      } catch (error) {
        await proc.stop()
        throw new Error(`postgres on port ${port} did not start: ${(error as Error).message}`, {
          cause: error,
        })
      }
    },
    (error) => /could not bind|address already in use/i.test(String((error as Error)?.message)),
    options.port,
  )
}
