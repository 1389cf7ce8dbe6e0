/** What the HTTP benchmarks share: the endpoint in its own process, and one run of each tool. */
import { fork } from 'node:child_process'
import autocannon from 'autocannon'
import type { HttpEngine } from '../src/http/http-engine.js'
import { systemClock } from '../src/load/clock.js'
import { constantRate } from '../src/load/constant-rate.js'
import { gbm } from '../src/market/jump-diffusion.js'
import { runScenario } from '../src/scenario/run-scenario.js'
import type { ScenarioResult } from '../src/scenario/scenario-result.js'

/** Starts bench/decision-server-process.ts in a child process (so no load generator shares its thread). */
export async function startServerProcess(
  env: NodeJS.ProcessEnv = {},
): Promise<{ url: string; stop(): void }> {
  const server = fork(new URL('./decision-server-process.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const url = await new Promise<string>((resolve) =>
    server.once('message', (m) => resolve(String(m))),
  )
  return { url, stop: () => server.kill() }
}

/** autocannon posting one decision request at `rate` req/s over `connections` for `seconds`. */
export function runAutocannon(
  url: string,
  load: { rate: number; connections: number; seconds: number },
) {
  return autocannon({
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
    connections: load.connections,
    overallRate: load.rate,
    duration: load.seconds,
  })
}

/** stressgate's open loop at `rate` decisions/s through `engine` on the real clock. */
export function runStressgate(
  engine: HttpEngine,
  name: string,
  rate: number,
  durationMs: number,
): Promise<ScenarioResult> {
  return runScenario({
    name,
    seed: 1,
    engine,
    market: gbm(),
    load: constantRate({ perSecond: rate, durationMs }),
    clock: systemClock(),
    services: false,
    maxScheduleLagMs: 1_000,
  })
}
