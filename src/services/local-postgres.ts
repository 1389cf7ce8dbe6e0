import { chown, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { findBinary, searchPath } from './find-binary.js'
import { type LocalServer, onFreePort } from './local-redis.js'
import { probePostgres } from './probes.js'
import { nonRootAccount } from './run-as.js'
import { spawnService } from './service-process.js'
import { waitUntil } from './wait-until.js'

const USER = 'stressgate'

/**
 * Creates a throwaway cluster with `initdb` in `dir` and starts `postgres` on a free 127.0.0.1
 * port (trust auth, no fsync: it holds test data only). Runs as a non-root account when root.
 *
 * @example
 * const db = await startLocalPostgres('/tmp/stressgate-services-x')
 * db.url // postgres://stressgate@127.0.0.1:41234/postgres
 */
export async function startLocalPostgres(dir: string, timeoutMs = 30_000): Promise<LocalServer> {
  const initdb = findBinary('initdb')
  const postgres = findBinary('postgres')
  if (!initdb || !postgres) {
    throw new Error(
      `initdb/postgres not found on PATH or in /usr/lib/postgresql/*/bin (searched ${searchPath().length} folders). Install PostgreSQL: apt-get install postgresql`,
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
  const init = spawnService(
    initdb,
    ['-D', data, '-U', USER, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'],
    { cwd: dir, env, ...asUser },
  )
  const { code } = await init.exited
  if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${init.output()}`)

  return onFreePort(
    async (port) => {
      const proc = spawnService(
        postgres,
        [
          '-D',
          data,
          '-p',
          String(port),
          '-h',
          '127.0.0.1',
          '-k',
          dir,
          '-c',
          'fsync=off',
          '-c',
          'synchronous_commit=off',
          '-c',
          'full_page_writes=off',
        ],
        { cwd: dir, env, ...asUser },
      )
      const url = `postgres://${USER}@127.0.0.1:${port}/postgres`
      try {
        const version = await waitUntil(() => probePostgres(url, 1_000), {
          timeoutMs,
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
  )
}
