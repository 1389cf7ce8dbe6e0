/**
 * Simulated time against the wall clock (`npm run bench:simulated`; BENCH_ROUNDS to change it):
 *  - the outage run: 10 s of simulated trading at 1,000 decisions/s on a venue with lognormal
 *    latencies, partial fills, fees and a 4 s broker outage (test/helpers/simulated-outage.ts);
 *  - the session: the shipped trading_session spec (scenarios/trading-session.ts), 6.5 h at 2
 *    decisions/s with bursts.
 * Each round runs both, one after the other, after one warm-up of each. Reported per run: wall
 * ms, and simulated seconds per wall second; every run of one spec must give one digest.
 */

import { tradingSession } from '../scenarios/trading-session.js'
import { runScenario } from '../src/scenario/run-scenario.js'
import type { ScenarioSpec } from '../src/scenario/scenario-spec.js'
import { simulatedOutage } from '../test/helpers/simulated-outage.js'

const rounds = Number(process.env.BENCH_ROUNDS ?? 5)
const session: ScenarioSpec = { ...tradingSession(), services: false }

async function timed(
  spec: ScenarioSpec,
): Promise<{ wallMs: number; digest: string; simMs: number }> {
  const start = performance.now()
  const result = await runScenario(spec)
  return { wallMs: performance.now() - start, digest: result.digest, simMs: result.durationMs }
}

const specs = { outage: simulatedOutage(11), session }
for (const spec of Object.values(specs)) await timed(spec) // warm-up
const digests = new Map<string, Set<string>>()
console.log('run      round  wall ms  simulated s  simulated s / wall s')
for (let round = 1; round <= rounds; round++) {
  for (const [name, spec] of Object.entries(specs)) {
    const { wallMs, digest, simMs } = await timed(spec)
    const seen = digests.get(name) ?? new Set<string>()
    seen.add(digest)
    digests.set(name, seen)
    const ratio = simMs / 1_000 / (wallMs / 1_000)
    console.log(
      `${name.padEnd(8)} ${String(round).padStart(5)}  ${wallMs.toFixed(0).padStart(7)}  ${(simMs / 1_000).toFixed(0).padStart(11)}  ${ratio.toFixed(0).padStart(21)}`,
    )
  }
}
for (const [name, seen] of digests)
  console.log(
    `${name}: ${seen.size === 1 ? 'one digest' : `${seen.size} DIFFERENT digests`} over ${rounds} runs (${[...seen][0]?.slice(0, 16)})`,
  )
