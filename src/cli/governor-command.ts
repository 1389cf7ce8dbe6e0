import type { Command } from 'commander'
import type { Redis } from 'ioredis'
import { clearFlag, type FlagStatus, raiseFlag, readFlags } from '../governor/operator-flags.js'
import { redactUrl } from '../services/service-types.js'
import { CliError, type CliIo } from './cli-io.js'

interface GovernorCliOptions {
  redisUrl?: string
  prefix?: string
  reason?: string
  clearEmergencyStop?: boolean
  json?: boolean
}

const ACTIONS = ['stop', 'pause', 'resume', 'status'] as const
type Action = (typeof ACTIONS)[number]

async function connect(url: string | undefined): Promise<Redis> {
  if (url === undefined || url === '')
    throw new CliError(
      'no Redis to talk to: pass --redis-url redis://host:port or set STRESS_REDIS_URL (the Redis the governor reads its flags from).',
    )
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    // Not echoed: an unparseable URL may still hold a password.
    throw new CliError(
      `--redis-url (or STRESS_REDIS_URL) is not a URL (${url.length} characters, not shown: it may hold a password). Example: redis://127.0.0.1:6379`,
    )
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new CliError(
      `--redis-url "${redactUrl(url)}": the scheme must be redis: or rediss:, got ${parsed.protocol}`,
    )
  const { Redis: RedisClient } = await import('ioredis')
  const client = new RedisClient(url, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  })
  client.on('error', () => undefined)
  try {
    await client.connect()
    await client.ping()
  } catch (error) {
    client.disconnect()
    throw new CliError(
      `cannot reach Redis at ${redactUrl(url)}: ${(error as Error).message}. Check the URL and that the server is up (stressgate guards checks it).`,
    )
  }
  return client
}

const when = (at: number | undefined): string =>
  at === undefined ? '' : ` (since ${new Date(at).toISOString()})`

function describe(flags: FlagStatus): string {
  const line = (name: string, f: FlagStatus['pause']): string =>
    `${name.padEnd(24)} ${f === undefined ? 'clear' : `RAISED: ${f.reason}${when(f.atEpochMs)}`}`
  const verdict = flags.emergencyStop
    ? 'governor: EMERGENCY STOP (cancel all, flatten, no new risk)'
    : flags.pause
      ? 'governor: PAUSED (no new risk until resumed)'
      : 'governor: trading allowed by the flags'
  return `${verdict}\n${line('governor.pause', flags.pause)}\n${line('governor.emergency_stop', flags.emergencyStop)}\n`
}

async function act(redis: Redis, action: Action, options: GovernorCliOptions): Promise<string> {
  const prefix = options.prefix ?? ''
  const reason = options.reason ?? `${action} from stressgate governor`
  if (action === 'stop') await raiseFlag(redis, 'emergencyStop', reason, prefix)
  if (action === 'pause') await raiseFlag(redis, 'pause', reason, prefix)
  if (action === 'resume') {
    const before = await readFlags(redis, prefix)
    if (before.emergencyStop && !options.clearEmergencyStop)
      throw new CliError(
        `governor.emergency_stop is raised (${before.emergencyStop.reason}): resume clears it only with --clear-emergency-stop, after the governor has been re-armed.`,
        1,
      )
    await clearFlag(redis, 'pause', prefix)
    if (options.clearEmergencyStop) await clearFlag(redis, 'emergencyStop', prefix)
  }
  const flags = await readFlags(redis, prefix)
  return options.json ? `${JSON.stringify(flags)}\n` : describe(flags)
}

/**
 * `stressgate governor stop|pause|resume|status`: the operator's controls, through the same
 * Redis flags the governor obeys (`governor.emergency_stop`, `governor.pause`). Each change
 * publishes an alert so a running governor acts at once. Exits 0 on success, 1 when `resume`
 * refuses to clear an emergency stop, 2 when Redis is unreachable or the input is bad.
 */
export function registerGovernor(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  program
    .command('governor')
    .description('Emergency stop, pause, resume or show the governor through its Redis flags.')
    .argument('<action>', `one of ${ACTIONS.join(', ')}`)
    .option('--redis-url <url>', 'the Redis the governor reads (default $STRESS_REDIS_URL)')
    .option('--prefix <prefix>', 'key prefix of the governor, if it uses one', '')
    .option('--reason <text>', 'why: stored in the flag and sent with the alert')
    .option('--clear-emergency-stop', 'resume: also clear governor.emergency_stop')
    .option('--json', 'print the flags as JSON')
    .action(async (action: string, options: GovernorCliOptions) => {
      if (!ACTIONS.includes(action as Action))
        throw new CliError(
          `unknown governor action "${action}": allowed are ${ACTIONS.join(', ')}. Example: stressgate governor pause --reason "venue outage"`,
        )
      const redis = await connect(options.redisUrl ?? process.env.STRESS_REDIS_URL)
      try {
        io.out(await act(redis, action as Action, options))
        setExit(0)
      } finally {
        redis.disconnect()
      }
    })
}
