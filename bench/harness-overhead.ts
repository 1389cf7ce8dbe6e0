/**
 * Harness overhead, measured side by side in one run (`npm run bench:overhead`):
 *  1. the open-loop driver plus recording (schedule + time + record) against a no-op engine:
 *     decisions per second on one core (target >= 1,000,000/s);
 *  2. the cost of one HDR record: WebAssembly Int32 (what stressgate uses), JS Int32, packed.
 */
import hdr from 'hdr-histogram-js'
import { systemClock } from '../src/common/clock.js'
import { constantRate } from '../src/load/constant-rate.js'
import { driveOpenLoop } from '../src/load/open-loop-driver.js'
import { LatencyRecorder } from '../src/metrics/latency-recorder.js'

async function driverThroughput(): Promise<{ perSecond: number; lagP99Ms: number }> {
  const clock = systemClock()
  using recorder = new LatencyRecorder()
  // Far faster than the driver can go: every decision is due before the previous one ends.
  const schedule = constantRate({ perSecond: 20_000_000, durationMs: 100 })
  const started = performance.now()
  await driveOpenLoop({
    schedule,
    clock,
    fire: ({ intendedMs, startedMs }) => {
      recorder.recordDecision({ intendedMs, startedMs, endedMs: clock.now() })
    },
    onLag: (lag) => recorder.recordScheduleLag(lag),
  })
  const seconds = (performance.now() - started) / 1000
  return { perSecond: schedule.count / seconds, lagP99Ms: recorder.summaries().scheduleLag.p99Ms }
}

function recordCostNs(histogram: hdr.Histogram, samples = 2_000_000): number {
  const values = Float64Array.from({ length: 1024 }, (_, i) => 50 + ((i * 7919) % 20_000))
  for (let i = 0; i < 100_000; i++) histogram.recordValue(values[i & 1023] ?? 1) // warm up
  const started = process.hrtime.bigint()
  for (let i = 0; i < samples; i++) histogram.recordValue(values[i & 1023] ?? 1)
  const ns = Number(process.hrtime.bigint() - started) / samples
  histogram.destroy()
  return ns
}

const driver = await driverThroughput()
console.log(
  `open-loop driver + HDR recording, no-op engine: ${Math.round(driver.perSecond).toLocaleString('en')} decisions/s (target >= 1,000,000/s)`,
)
hdr.initWebAssemblySync()
const build = (bitBucketSize: 32 | 'packed', useWebAssembly: boolean) =>
  hdr.build({ bitBucketSize, useWebAssembly, numberOfSignificantValueDigits: 3, autoResize: true })
const wasm = recordCostNs(build(32, true))
const js = recordCostNs(build(32, false))
const packed = recordCostNs(build('packed', false))
console.log(`HDR record, WebAssembly Int32: ${wasm.toFixed(1)} ns (target < 50 ns)`)
console.log(
  `HDR record, JS Int32:          ${js.toFixed(1)} ns (${(js / wasm).toFixed(2)}x WebAssembly)`,
)
console.log(
  `HDR record, packed:            ${packed.toFixed(1)} ns (${(packed / wasm).toFixed(1)}x WebAssembly)`,
)
