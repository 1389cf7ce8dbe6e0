/**
 * The decision pipeline at 10,000 decisions/s for 10 s on a local redis-server
 * (`npm run bench:pipeline`; BENCH_RATE, BENCH_SECONDS, BENCH_ROUNDS to change it), before and
 * after batching, measured side by side in one run, rounds alternating:
 *  - before: what the pipeline did until now, one XADD (and one promise) per decision and a
 *    consumer polling the stream with its own cursor (XRANGE from the cursor, SET the cursor);
 *  - after: `startDecisionPipeline`, verdicts of one event-loop turn in one RPUSH, LPOP by count.
 * Reported per round: pipeline p99 (intended start -> read), the generator's lag p99, backlog at
 * the end, and the harness' CPU (user + system of this process) per second of load. The clock
 * does not spin (`spinWindowMs: 0`), so the CPU is the pipeline's and the driver's own work, and
 * every latency carries up to ~1 ms of timer lateness in both modes alike.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Redis } from 'ioredis'
import { systemClock } from '../src/common/clock.js'
import { constantRate } from '../src/load/constant-rate.js'
import { driveOpenLoop } from '../src/load/open-loop-driver.js'
import { createHistogram, toMicros } from '../src/metrics/hdr.js'
import { startDecisionPipeline } from '../src/scenario/decision-pipeline.js'
import { connectRedis } from '../src/services/clients.js'
import { startLocalRedis } from '../src/services/local-redis.js'
import { RedisState } from '../src/store/redis-state.js'

const rate = Number(process.env.BENCH_RATE ?? 10_000)
const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const rounds = Number(process.env.BENCH_ROUNDS ?? 2)

interface Round {
  readonly mode: 'before' | 'after'
  readonly pipelineP99Ms: number
  readonly lagP99Ms: number
  readonly backlog: number
  readonly cpuMsPerSecond: number
}

/** Whether stream id `a` (`ms-seq`) comes after `b`. */
function after(a: string, b: string): boolean {
  const [am = '0', as = '0'] = a.split('-')
  const [bm = '0', bs = '0'] = b.split('-')
  return BigInt(am) > BigInt(bm) || (am === bm && BigInt(as) > BigInt(bs))
}

/** The pipeline as it was: a stream, one XADD per decision, a cursor-reading consumer. */
function unbatchedPipeline(redis: Redis, onConsumed: (ms: number) => void, now: () => number) {
  const key = 'bench:decisions'
  const cursorKey = 'bench:cursor'
  const writes = new Set<Promise<unknown>>()
  let stopping = false
  let published = 0
  let consumed = 0
  const consumer = (async () => {
    for (;;) {
      const cursor = (await redis.get(cursorKey)) ?? '0-0'
      const ms = cursor.split('-')[0] ?? '0'
      const entries = (await redis.xrange(key, ms, '+')).filter(([id]) => after(id, cursor))
      const last = entries[entries.length - 1]
      if (last) await redis.set(cursorKey, last[0])
      const at = now()
      for (const [, fields] of entries) {
        consumed++
        onConsumed(at - Number(fields[1]))
      }
      if (stopping && entries.length === 0 && writes.size === 0) return
      if (entries.length === 0) await new Promise((resolve) => setTimeout(resolve, 2))
    }
  })()
  return {
    publish(intendedMs: number) {
      published++
      const write = redis.xadd(key, '*', 'intendedMs', String(intendedMs)).catch(() => undefined)
      writes.add(write)
      void write.finally(() => writes.delete(write))
    },
    async drain() {
      stopping = true
      await Promise.allSettled([...writes])
      await consumer
      return published - consumed
    },
  }
}

async function round(mode: Round['mode'], redis: Redis): Promise<Round> {
  await redis.flushall()
  // No spinning: the clock's busy-wait would hide the pipeline's own CPU behind a full core.
  const clock = systemClock({ spinWindowMs: 0 })
  const pipeline = createHistogram()
  const lag = createHistogram()
  const record = (ms: number) => pipeline.recordValue(toMicros(ms))
  const state = new RedisState(redis, 'bench:')
  const batched = mode === 'after' ? startDecisionPipeline(state, clock, record) : undefined
  const unbatched = mode === 'before' ? unbatchedPipeline(redis, record, clock.now) : undefined
  const cpu = process.cpuUsage()
  await driveOpenLoop({
    schedule: constantRate({ perSecond: rate, durationMs: seconds * 1_000 }),
    clock,
    onLag: (ms) => lag.recordValue(toMicros(ms)),
    fire: ({ index, intendedMs }) => {
      if (batched) batched.publish({ id: `d${index}`, intendedMs, verdict: 'approve' })
      else unbatched?.publish(intendedMs)
    },
  })
  const backlog = batched ? (await batched.drain(30_000)).backlog : await (unbatched?.drain() ?? 0)
  const used = process.cpuUsage(cpu)
  const result: Round = {
    mode,
    pipelineP99Ms: pipeline.getValueAtPercentile(99) / 1000,
    lagP99Ms: lag.getValueAtPercentile(99) / 1000,
    backlog,
    cpuMsPerSecond: (used.user + used.system) / 1000 / seconds,
  }
  pipeline.destroy()
  lag.destroy()
  return result
}

const dir = await mkdtemp(join(tmpdir(), 'bench-pipeline-'))
const server = await startLocalRedis(dir)
try {
  const redis = await connectRedis({
    service: 'redis',
    backend: 'local',
    url: server.url,
    detail: '',
    startMs: 0,
  })
  const results: Round[] = []
  for (let i = 0; i < rounds; i++) {
    for (const mode of ['before', 'after'] as const) results.push(await round(mode, redis))
  }
  redis.disconnect()
  console.log(`decision pipeline, ${rate}/s for ${seconds} s, local redis-server, ${rounds} rounds`)
  console.log('| round | mode | pipeline p99 | generator lag p99 | backlog | harness CPU |')
  console.log('| --- | --- | --- | --- | --- | --- |')
  results.forEach((r, i) => {
    console.log(
      `| ${Math.floor(i / 2) + 1} | ${r.mode} | ${r.pipelineP99Ms.toFixed(2)} ms | ${r.lagP99Ms.toFixed(2)} ms | ${r.backlog} | ${r.cpuMsPerSecond.toFixed(0)} ms/s |`,
    )
  })
} finally {
  await server.process.stop()
  await rm(dir, { recursive: true, force: true })
}
