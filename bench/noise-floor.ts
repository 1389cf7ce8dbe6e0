/**
 * Calibrates the noise floor of `compareReports` (`npx tsx bench/noise-floor.ts`): runs the
 * same scenario N times on the real clock (reference governor, flash crash, 1,000/s for 3 s, no
 * services), then prints every run's decision p99 and the max and 95th percentile of the
 * pairwise relative p99 differences |a - b| / min(a, b). Two runs of identical code differ by
 * this much on this machine, so a baseline comparison must not call a smaller change a
 * regression.
 */
import { referenceGovernor } from '../src/governor/reference-governor.js'
import { constantRate } from '../src/load/constant-rate.js'
import { flashCrash } from '../src/market/flash-crash.js'
import { decodeHistogram } from '../src/metrics/histogram-codec.js'
import { runScenario } from '../src/scenario/run-scenario.js'

const RUNS = Number(process.env.RUNS ?? 5)
/** Discarded runs first: the first run in a process pays for JIT and WebAssembly start-up. */
const WARMUP = Number(process.env.WARMUP ?? 1)
const DURATION_MS = Number(process.env.DURATION_MS ?? 3_000)

async function oneRun(name: string): Promise<number> {
  const result = await runScenario({
    name,
    seed: 42,
    engine: referenceGovernor({ maxPositionUsd: 250_000, maxDrawdownPct: 15 }),
    market: flashCrash({ dropPct: 15, overMs: 2_000, depthFloorPct: 1 }),
    load: constantRate({ perSecond: 1_000, durationMs: DURATION_MS }),
    services: false,
  })
  const h = decodeHistogram(result.histograms.decision)
  try {
    return h.getValueAtPercentile(99) / 1000
  } finally {
    h.destroy()
  }
}

/** Nearest-rank percentile of ascending values. */
const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0

for (let i = 0; i < WARMUP; i++) {
  console.log(
    `warm-up ${i + 1}/${WARMUP} (discarded): decision p99 ${(await oneRun(`noise_floor_warmup_${i}`)).toFixed(3)} ms`,
  )
}
const p99s: number[] = []
for (let i = 0; i < RUNS; i++) {
  const p99 = await oneRun(`noise_floor_${i}`)
  p99s.push(p99)
  console.log(`run ${i + 1}/${RUNS}: decision p99 ${p99.toFixed(3)} ms`)
}
const diffs: number[] = []
for (let a = 0; a < p99s.length; a++) {
  for (let b = a + 1; b < p99s.length; b++) {
    const x = p99s[a] ?? 0
    const y = p99s[b] ?? 0
    const lo = Math.min(x, y)
    diffs.push(lo === 0 ? (x === y ? 0 : Number.POSITIVE_INFINITY) : (Math.abs(x - y) / lo) * 100)
  }
}
diffs.sort((x, y) => x - y)
console.log(
  `pairwise p99 relative difference over ${diffs.length} pairs: max ${(diffs[diffs.length - 1] ?? 0).toFixed(1)} %, p95 ${percentile(diffs, 95).toFixed(1)} %, median ${percentile(diffs, 50).toFixed(1)} %`,
)
