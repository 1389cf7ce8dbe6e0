/**
 * stressgate against autocannon on the same HTTP decision endpoint, side by side in one run
 * (`npm run bench:http`; BENCH_RATE, BENCH_CONNECTIONS, BENCH_SECONDS, BENCH_ROUNDS). The
 * endpoint runs in a child process so neither load generator shares its thread; both tools run
 * against that one process, in alternating order, round after round, and every ratio compares a
 * pair measured minutes apart at most (this machine's absolute timings drift).
 *
 * What each tool measures (read autocannon's lib/httpClient.js and lib/run.js):
 * - autocannon's `overallRate` is a per-connection quota per second: each connection sends
 *   back-to-back (closed loop) until it has made rate/connections requests, then idles until the
 *   next one-second tick. Its latency starts when a request is written, is kept in whole ms
 *   (rounded down), and its "coordinated-omission correction" is
 *   `recordValueWithExpectedInterval(latency, Math.ceil(1 / perConnectionRate))`, i.e. an
 *   expected interval of 1 ms whatever the rate.
 * - stressgate sends every request at its own evenly spaced intended time (open loop). Its
 *   decision latency runs from that intended time (wrk2's correction); its service time runs
 *   from the send, like autocannon's.
 * So the comparable pair is stressgate's service-time p99 against autocannon's p99; stressgate's
 * corrected p99 is printed next to it and is the number its scenarios certify.
 */
import { httpEngine } from '../src/engines/http-engine.js'
import type { ScenarioResult } from '../src/scenario/scenario-result.js'
import {
  arrivalSpread,
  runAutocannon,
  runStressgate,
  type ServerProcess,
  startServerProcess,
} from './http-bench-parts.js'

const RATE = Number(process.env.BENCH_RATE ?? 2_000)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

type AutocannonResult = Awaited<ReturnType<typeof runAutocannon>>
interface Round {
  ac: AutocannonResult
  sg: ScenarioResult
  sgRps: number
  acSpread: ReturnType<typeof arrivalSpread>
  sgSpread: ReturnType<typeof arrivalSpread>
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2
}
const ms = (v: number) => `${v.toFixed(3).padStart(7)} ms`
const spread = (s: ReturnType<typeof arrivalSpread>) =>
  `arrivals per 100 ms window ${s.minPerSecond.toFixed(0)}..${s.maxPerSecond.toFixed(0)} req/s`

async function measured<T>(server: ServerProcess, run: () => Promise<T>) {
  server.arrivalsStart()
  const result = await run()
  return { result, spread: arrivalSpread(await server.arrivalsStop()) }
}

const server = await startServerProcess()
try {
  await using engine = httpEngine(server.url, { connections: CONNECTIONS })
  const autocannon = (seconds: number) =>
    runAutocannon(server.url, { rate: RATE, connections: CONNECTIONS, seconds })
  // Warm-up, discarded: opens the pool's connections, lets both JITs and the endpoint settle.
  await autocannon(1)
  await runStressgate(engine, 'bench_http_warmup', RATE, 1_000)

  console.log(
    `target ${RATE} req/s over ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per tool, same endpoint process, order alternating`,
  )
  const rounds: Round[] = []
  for (let r = 0; r < ROUNDS; r++) {
    const runAc = () => measured(server, () => autocannon(SECONDS))
    const runSg = () =>
      measured(server, () => runStressgate(engine, 'bench_http', RATE, SECONDS * 1_000))
    let ac: Awaited<ReturnType<typeof runAc>>
    let sg: Awaited<ReturnType<typeof runSg>>
    if (r % 2 === 0) {
      ac = await runAc()
      sg = await runSg()
    } else {
      sg = await runSg()
      ac = await runAc()
    }
    const s = sg.result
    const sgRps = (s.decisions.dispatched - s.decisions.errors) / (s.wallMs / 1_000)
    rounds.push({ ac: ac.result, sg: s, sgRps, acSpread: ac.spread, sgSpread: sg.spread })
    const a = ac.result
    console.log(
      `round ${r + 1} autocannon ${a.requests.average.toFixed(0).padStart(6)} req/s  p50 ${ms(a.latency.p50)}  p99 ${ms(a.latency.p99)} (from send, whole ms)   ${spread(ac.spread)}`,
    )
    console.log(
      `round ${r + 1} stressgate ${sgRps.toFixed(0).padStart(6)} req/s  p50 ${ms(s.latency.service.p50Ms)}  p99 ${ms(s.latency.service.p99Ms)} (from send)   ${spread(sg.spread)}`,
    )
    console.log(
      `        stressgate corrected (from intended start) p50 ${ms(s.latency.decision.p50Ms)}  p99 ${ms(s.latency.decision.p99Ms)}; errors ${s.decisions.errors}, schedule lag p99 ${s.latency.scheduleLag.p99Ms.toFixed(3)} ms, GC ${s.environment.gc.count} pauses (max ${s.environment.gc.maxPauseMs.toFixed(1)} ms), state ${s.state}`,
    )
  }

  // autocannon keeps whole ms rounded down: its true value lies in [v, v + 1), so a ratio to it
  // is a range, and "within 10%" means the ranges overlap with 10% to spare.
  const range = (sgMs: number, acMs: number): [number, number] => [sgMs / (acMs + 1), sgMs / acMs]
  const show = ([lo, hi]: [number, number]) => `${lo.toFixed(2)}..${hi.toFixed(2)}`
  const medianRange = (pairs: [number, number][]): [number, number] => [
    median(pairs.map((p) => p[0])),
    median(pairs.map((p) => p[1])),
  ]
  const rps = median(rounds.map((r) => r.sgRps / r.ac.requests.average))
  const fromSend = medianRange(
    rounds.map((r) => range(r.sg.latency.service.p99Ms, r.ac.latency.p99)),
  )
  const corrected = medianRange(
    rounds.map((r) => range(r.sg.latency.decision.p99Ms, r.ac.latency.p99)),
  )
  const p50 = medianRange(rounds.map((r) => range(r.sg.latency.service.p50Ms, r.ac.latency.p50)))
  const within = ([lo, hi]: [number, number]) => (lo <= 1.1 && hi >= 0.9 ? 'yes' : 'no')
  console.log(
    `median of the per-round ratios stressgate / autocannon (a range: autocannon rounds down to whole ms):`,
  )
  console.log(`  achieved req/s ${rps.toFixed(3)} (target >= 1.0 within noise)`)
  console.log(
    `  p99, the comparable pair (both timed from the send): ${show(fromSend)}; within 10%: ${within(fromSend)}`,
  )
  console.log(
    `  p99, stressgate corrected (from intended start) vs autocannon: ${show(corrected)}; within 10%: ${within(corrected)}`,
  )
  console.log(
    `  p50 (from send): ${show(p50)} (autocannon's p50 is below its 1 ms resolution when it shows 0)`,
  )
  const worst = rounds.flatMap((r) => r.sg.timeline).sort((a, b) => b.p99Ms - a.p99Ms)[0]
  console.log(
    `  stressgate worst second of all rounds: p99 ${worst?.p99Ms.toFixed(2)} ms, max ${worst?.maxMs.toFixed(2)} ms`,
  )
  console.log(
    "Not the same measurement: autocannon sends each connection's per-second quota back-to-back and then idles (see the arrivals spread), times from the send in whole ms, and \"corrects\" with a fixed 1 ms expected interval; stressgate spaces requests evenly and its corrected latency runs from each intended start. Compare stressgate's from-send p99 with autocannon's.",
  )
} finally {
  server.stop()
}
