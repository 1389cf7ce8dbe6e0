/**
 * The coordinated-omission check (`npm run bench:co`): an HTTP endpoint that stalls 100 ms once
 * per second, driven at 1000 req/s for 10 s. Each second, the request that meets the stall and
 * the ~99 queued behind it answer after 100, 99, ..., 1 ms and the other ~900 at once, so the
 * corrected p99 (the 990th of 1000) is about 90 ms plus the endpoint's normal service time.
 * autocannon, run the same way, is shown for contrast.
 */
import { httpEngine } from '../src/engines/http-engine.js'
import { runAutocannon, runStressgate, startServerProcess } from './http-bench-parts.js'

const EXPECTED_P99_MS = 90
const server = await startServerProcess({ STALL_EVERY_MS: '1000', STALL_MS: '100' })
try {
  await using engine = httpEngine(server.url, { connections: 64 })
  const sg = await runStressgate(engine, 'bench_co', 1_000, 10_000)
  const ac = await runAutocannon(server.url, { rate: 1_000, connections: 64, seconds: 10 })
  const p99 = sg.latency.decision.p99Ms
  console.log(
    `stressgate corrected p99 ${p99.toFixed(2)} ms (analytic ~${EXPECTED_P99_MS} ms; ratio ${(p99 / EXPECTED_P99_MS).toFixed(3)}), raw service p99 ${sg.latency.service.p99Ms.toFixed(2)} ms, max ${sg.latency.decision.maxMs.toFixed(1)} ms`,
  )
  console.log(
    `autocannon p99 ${ac.latency.p99} ms, max ${ac.latency.max} ms, ${ac.requests.average} req/s`,
  )
  console.log(
    `stressgate errors ${sg.decisions.errors}, schedule lag p99 ${sg.latency.scheduleLag.p99Ms.toFixed(3)} ms, state ${sg.state}`,
  )
} finally {
  server.stop()
}
