import { hostname } from 'node:os'
import type { Redis } from 'ioredis'
import { settleWithin } from '../common/settle-within.js'

/** Who holds the live state of a Redis key prefix. */
export interface LeaseHolder {
  readonly runId: string
  readonly scenario: string
  readonly pid: number
  readonly host: string
  /** ISO-8601 time it was taken. */
  readonly at: string
}

/** A held lease: refreshed while held, released (only if still ours) when done. */
export interface HeldLease {
  release(): Promise<void>
}

/** The lease outlives a holder that died without releasing it by at most this long. */
const TTL_MS = 30_000
const REFRESH_MS = 10_000
const RELEASE_TIMEOUT_MS = 1_000

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const parse = (raw: string | null): LeaseHolder | undefined => {
  if (raw === null) return undefined
  try {
    return JSON.parse(raw) as LeaseHolder
  } catch {
    return undefined
  }
}

/**
 * Takes the lease on a prefix of live state in Redis for one run: a second run on the same
 * prefix (in this process or another) is refused while the first holds it, so two runs never
 * mix their positions and queues. A lease whose holder died is taken over: at once when the
 * holder was a process on this host, after at most 30 s otherwise.
 *
 * @example
 * const lease = await takeLease(redis, 'stressgate:lease', { runId, scenario, pid: process.pid, host, at })
 * if ('holder' in lease) throw new Error(`held by ${lease.holder.scenario}`)
 * await lease.release()
 */
export async function takeLease(
  redis: Redis,
  key: string,
  scenario: string,
  runId: string,
): Promise<HeldLease | { readonly holder: LeaseHolder }> {
  const me: LeaseHolder = {
    runId,
    scenario,
    pid: process.pid,
    host: hostname(),
    at: new Date().toISOString(),
  }
  const value = JSON.stringify(me)
  let taken = (await redis.set(key, value, 'PX', TTL_MS, 'NX')) === 'OK'
  if (!taken) {
    const holder = parse(await redis.get(key))
    const dead = holder !== undefined && holder.host === me.host && !alive(holder.pid)
    if (holder !== undefined && !dead) return { holder }
    await redis.set(key, value, 'PX', TTL_MS)
    taken = true
  }
  const timer = setInterval(() => {
    void redis.pexpire(key, TTL_MS).catch(() => undefined)
  }, REFRESH_MS)
  timer.unref()
  return {
    async release() {
      clearInterval(timer)
      // A Redis that went away must not hold the run's end: the TTL frees the lease anyway.
      const freed = (async () => {
        if ((await redis.get(key)) === value) await redis.del(key)
      })()
      await settleWithin(freed, RELEASE_TIMEOUT_MS)
    },
  }
}
