/**
 * The decision endpoint in its own process, for the HTTP benchmarks. Prints nothing; sends its
 * URL. Counts arrivals in 100 ms windows between an `arrivals-start` and an `arrivals-stop`
 * message and answers the latter with the counts, so a benchmark can show each load generator's
 * real shape (evenly spaced, or bursts).
 */
import { startDecisionServer } from '../fixtures/engines/http-decision-server.js'

const WINDOW_MS = 100
const stallEveryMs = process.env.STALL_EVERY_MS ? Number(process.env.STALL_EVERY_MS) : undefined
let arrivals = 0
let windows: number[] = []
let sampler: NodeJS.Timeout | undefined
const server = await startDecisionServer({
  ...(stallEveryMs ? { stallEveryMs, stallMs: Number(process.env.STALL_MS ?? 100) } : {}),
  onRequest: () => {
    arrivals++
  },
})
process.on('message', (message) => {
  if (message === 'arrivals-start') {
    clearInterval(sampler)
    arrivals = 0
    windows = []
    sampler = setInterval(() => {
      windows.push(arrivals)
      arrivals = 0
    }, WINDOW_MS)
  } else if (message === 'arrivals-stop') {
    clearInterval(sampler)
    sampler = undefined
    process.send?.({ windowMs: WINDOW_MS, counts: windows })
  }
})
process.send?.(server.url)
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)))
