/**
 * The coordinated-omission check (`npm run bench:co`): an HTTP endpoint that stalls 100 ms once
 * per second, driven at 1000 req/s for 10 s. Each second, the request that meets the stall and
 * the ~99 queued behind it answer after 100, 99, ..., 1 ms and the other ~900 at once, so the
 * corrected p99 (the 990th of 1000) is about 90 ms plus the endpoint's normal service time.
 * autocannon, run the same way, is shown for contrast.
 */
import { fork } from 'node:child_process'
import autocannon from 'autocannon'
import { httpEngine } from '../src/http/http-engine.js'
import { systemClock } from '../src/load/clock.js'
import { constantRate } from '../src/load/constant-rate.js'
import { gbm } from '../src/market/jump-diffusion.js'
import { runScenario } from '../src/scenario/run-scenario.js'

const EXPECTED_P99_MS = 90
const server = fork(new URL('./decision-server-process.ts', import.meta.url), [], {
  execArgv: ['--import', 'tsx'],
  env: { ...process.env, STALL_EVERY_MS: '1000', STALL_MS: '100' },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
})
const url = await new Promise<string>((resolve) =>
  server.once('message', (m) => resolve(String(m))),
)
try {
  await using engine = httpEngine(url, { connections: 64 })
  const sg = await runScenario({
    name: 'bench_co',
    seed: 1,
    engine,
    market: gbm(),
    load: constantRate({ perSecond: 1_000, durationMs: 10_000 }),
    clock: systemClock(),
    services: false,
    maxScheduleLagMs: 1_000,
  })
  const ac = await autocannon({
    url: `${url}/decide`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: 'x',
      strategy: 's',
      symbol: 'ES',
      side: 'buy',
      quantity: 1,
      limitPrice: 100,
    }),
    connections: 64,
    overallRate: 1_000,
    duration: 10,
  })
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
  server.kill()
}
