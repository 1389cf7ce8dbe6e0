/** What the HTTP benchmarks share: the endpoint in its own process, and one run of each tool. */
import { fork } from 'node:child_process'
import autocannon from 'autocannon'
import { systemClock } from '../src/common/clock.js'
import type { HttpEngine } from '../src/engines/http-engine.js'
import { constantRate } from '../src/load/constant-rate.js'
import { gbm } from '../src/market/jump-diffusion.js'
import { runScenario } from '../src/scenario/run-scenario.js'
import type { ScenarioResult } from '../src/scenario/scenario-result.js'

/** The endpoint's child process, and the arrivals it counted. */
export interface ServerProcess {
  readonly url: string
  /** Starts counting arrivals in fixed windows (the previous count is dropped). */
  arrivalsStart(): void
  /** Stops counting; the arrivals of each window, in order. */
  arrivalsStop(): Promise<{ windowMs: number; counts: number[] }>
  stop(): void
}

/** Starts bench/decision-server-process.ts in a child process (so no load generator shares its thread). */
export async function startServerProcess(env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const server = fork(new URL('./decision-server-process.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const url = await new Promise<string>((resolve) =>
    server.once('message', (m) => resolve(String(m))),
  )
  return {
    url,
    arrivalsStart: () => server.send('arrivals-start'),
    arrivalsStop: () =>
      new Promise((resolve) => {
        server.once('message', (m) => resolve(m as { windowMs: number; counts: number[] }))
        server.send('arrivals-stop')
      }),
    stop: () => server.kill(),
  }
}

/**
 * How evenly a generator spread its requests: the lowest and highest arrival rate (req/s) over
 * the endpoint's counting windows, leaving out the first and last (partial) ones.
 */
export function arrivalSpread(arrivals: { windowMs: number; counts: number[] }): {
  minPerSecond: number
  maxPerSecond: number
} {
  const inner = arrivals.counts.slice(1, -1)
  const perSecond = (n: number) => (n * 1_000) / arrivals.windowMs
  return inner.length === 0
    ? { minPerSecond: 0, maxPerSecond: 0 }
    : { minPerSecond: perSecond(Math.min(...inner)), maxPerSecond: perSecond(Math.max(...inner)) }
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
