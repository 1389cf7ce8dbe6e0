import { freePort } from './free-port.js'
import { probePostgres } from './probes.js'

/** PGlite served over the Postgres wire protocol on 127.0.0.1, so the same `pg` code runs. */
export interface EmbeddedPostgres {
  readonly url: string
  readonly detail: string
  stop(): Promise<void>
}

/**
 * Starts PGlite 0.5.14 in memory behind pglite-socket 0.2.17. Every connection shares one
 * session: clients must use a single connection (`connectPostgres` does).
 *
 * @example
 * const db = await startEmbeddedPostgres()
 * await db.stop()
 */
export async function startEmbeddedPostgres(): Promise<EmbeddedPostgres> {
  const { PGlite } = await import('@electric-sql/pglite')
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket')
  const db = await PGlite.create()
  const port = await freePort()
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 4 })
  try {
    await server.start()
    const url = `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`
    const version = await probePostgres(url, 5_000)
    return {
      url,
      detail: `PGlite (${version}) via pglite-socket on port ${port}`,
      async stop() {
        await server.stop()
        await db.close()
      },
    }
  } catch (error) {
    await server.stop().catch(() => undefined)
    await db.close().catch(() => undefined)
    throw error
  }
}
