/**
 * stressgate against autocannon on the same HTTP decision endpoint, side by side in one run
 * (`npm run bench:http`). The server runs in a child process so neither load generator shares
 * its thread. Same target rate and connections; compares achieved req/s and latency p50/p99.
 * (autocannon times each request from its send; stressgate from the intended start.)
 */
import { httpEngine } from '../src/http/http-engine.js'
import { runAutocannon, runStressgate, startServerProcess } from './http-bench-parts.js'

const RATE = Number(process.env.BENCH_RATE ?? 2_000)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)

const server = await startServerProcess()
try {
  const ac = await runAutocannon(server.url, {
    rate: RATE,
    connections: CONNECTIONS,
    seconds: SECONDS,
  })
  await using engine = httpEngine(server.url, { connections: CONNECTIONS })
  // Warm-up, discarded: opens the pool's connections and lets the JIT settle, as autocannon's
  // run above did for the server.
  await runStressgate(engine, 'bench_http_warmup', RATE, 1_000)
  const sg = await runStressgate(engine, 'bench_http', RATE, SECONDS * 1_000)
  const sgRps = (sg.decisions.dispatched - sg.decisions.errors) / (sg.wallMs / 1_000)
  const row = (name: string, rps: number, p50: number, p99: number) =>
    console.log(
      `${name.padEnd(11)} ${rps.toFixed(0).padStart(7)} req/s   p50 ${p50.toFixed(3).padStart(7)} ms   p99 ${p99.toFixed(3).padStart(7)} ms`,
    )
  console.log(`target ${RATE} req/s over ${CONNECTIONS} connections for ${SECONDS} s`)
  row('autocannon', ac.requests.average, ac.latency.p50, ac.latency.p99)
  row('stressgate', sgRps, sg.latency.decision.p50Ms, sg.latency.decision.p99Ms)
  console.log(
    `ratio stressgate/autocannon: req/s ${(sgRps / ac.requests.average).toFixed(3)}, p50 ${(sg.latency.decision.p50Ms / ac.latency.p50).toFixed(2)}, p99 ${(sg.latency.decision.p99Ms / ac.latency.p99).toFixed(2)}`,
  )
  console.log(
    `stressgate errors ${sg.decisions.errors}, schedule lag p99 ${sg.latency.scheduleLag.p99Ms.toFixed(3)} ms, state ${sg.state}`,
  )
  const worst = [...sg.timeline].sort((a, b) => b.p99Ms - a.p99Ms)[0]
  console.log(
    `stressgate worst second: starts ${worst?.startMs} ms, p99 ${worst?.p99Ms.toFixed(2)} ms, max ${worst?.maxMs.toFixed(2)} ms`,
  )
} finally {
  server.stop()
}
