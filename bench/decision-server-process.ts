/** The decision endpoint in its own process, for the HTTP benchmarks. Prints nothing; sends its URL. */
import { startDecisionServer } from '../fixtures/engines/http-decision-server.js'

const stallEveryMs = process.env.STALL_EVERY_MS ? Number(process.env.STALL_EVERY_MS) : undefined
const server = await startDecisionServer({
  ...(stallEveryMs ? { stallEveryMs, stallMs: Number(process.env.STALL_MS ?? 100) } : {}),
})
process.send?.(server.url)
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)))
