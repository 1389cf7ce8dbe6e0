import { join } from 'node:path'
import { checkPorts } from '../guards/ports.js'
import { freePort } from '../services/free-port.js'
import { waitUntil } from '../services/wait-until.js'
import { DailyError } from './daily-error.js'
import type { ProcessRecord, StateStore } from './daily-state.js'
import { spawnDetached, stopDetached } from './detached-process.js'
import { type Launcher, STOP_SIGNAL } from './launchers.js'
import { logTail } from './log-tail.js'
import { processStatus } from './process-identity.js'

/** What `up` did about one process. */
export interface EnsuredProcess {
  readonly record: ProcessRecord
  readonly action: 'reused' | 'started' | 'restarted'
  /** Why it was restarted, or what was found in the state file. */
  readonly note?: string
}

const sameCommand = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i])

async function portFree(port: number): Promise<boolean> {
  return (await checkPorts({ ports: [port], metricsPort: port })).status === 'ok'
}

/**
 * Why the recorded process cannot be reused (undefined: it can). A process that runs but no
 * longer answers, or runs with other options, is stopped here, by PID.
 */
async function unusable(launcher: Launcher, previous: ProcessRecord): Promise<string | undefined> {
  const what = `${launcher.name} (pid ${previous.pid})`
  const status = processStatus(previous)
  if (status.state === 'gone') {
    return `${what} from the state file is not running any more (crashed, stopped outside stressgate, or the machine restarted): starting a new one`
  }
  if (status.state === 'reused') {
    return `${what}: ${status.why}; left alone, starting a new ${launcher.name}`
  }
  const wanted = [launcher.launch(previous.port).executable, ...launcher.launch(previous.port).args]
  const portChanged = launcher.fixedPort !== undefined && launcher.fixedPort !== previous.port
  let why: string | undefined
  if (portChanged) why = `runs on port ${previous.port}, ${launcher.fixedPort} was asked for`
  else if (!sameCommand(previous.command, wanted)) why = 'runs with other options than asked for'
  else {
    try {
      await launcher.probe(previous.url)
      return undefined
    } catch (error) {
      why = `runs but does not answer at ${previous.url} (${(error as Error).message})`
    }
  }
  const stopped = await stopDetached(previous, STOP_SIGNAL[launcher.name])
  if (stopped.outcome === 'stuck') {
    throw new DailyError(
      `${what} ${why} and could not be stopped: ${stopped.why}. Stop it by hand (kill ${previous.pid}) and rerun.`,
    )
  }
  return `${what} ${why}: stopped it (${stopped.outcome}), starting a new one`
}

/**
 * Makes sure one long-lived process runs and answers: reuses the recorded one when it is still
 * ours (PID and start time) and answers, else starts a new one. The state entry is written right
 * after the spawn, before waiting for it to answer, so a crash of this process leaks nothing
 * that `down` cannot find.
 *
 * @example
 * const { record, action } = await ensureProcess(redisLauncher, store, logDir)
 */
export async function ensureProcess(
  launcher: Launcher,
  store: StateStore,
  logDir: string,
  now: () => Date = () => new Date(),
): Promise<EnsuredProcess> {
  const previous = store.state.processes[launcher.name]
  let note: string | undefined
  if (previous !== undefined) {
    note = await unusable(launcher, previous)
    if (note === undefined) {
      const detail = previous.detail ?? (await launcher.probe(previous.url))
      const record = { ...previous, ready: true, detail }
      if (!previous.ready || previous.detail === undefined) store.put(record)
      return { record, action: 'reused' }
    }
    store.remove(launcher.name)
  }
  let port = launcher.fixedPort
  if (port === undefined) {
    port =
      previous !== undefined && (await portFree(previous.port)) ? previous.port : await freePort()
  } else if (!(await portFree(port))) {
    throw new DailyError(
      `port ${port} on 127.0.0.1 is in use, so the ${launcher.name} server cannot start there. Stop what uses it, or pass another port (--metrics-port <n>, 0 for any free one).`,
    )
  }
  await launcher.prepare?.()
  const launch = launcher.launch(port)
  const log = join(logDir, `${launcher.name}.log`)
  const spawned = spawnDetached(launch.executable, launch.args, { ...launch, log })
  const url = launcher.url(port)
  const record: ProcessRecord = {
    name: launcher.name,
    pid: spawned.pid,
    ...(spawned.startTime === undefined ? {} : { startTime: spawned.startTime }),
    marker: launcher.marker,
    command: [launch.executable, ...launch.args],
    port,
    url,
    log,
    startedAt: now().toISOString(),
    ready: false,
  }
  store.put(record)
  try {
    const detail = await waitUntil(() => launcher.probe(url), {
      timeoutMs: launcher.readyTimeoutMs,
      intervalMs: 150,
      abort: () =>
        processStatus(record).state === 'running' ? undefined : `${launcher.name} exited`,
    })
    const ready = { ...record, ready: true, detail }
    store.put(ready)
    return {
      record: ready,
      action: previous === undefined ? 'started' : 'restarted',
      ...(note ? { note } : {}),
    }
  } catch (error) {
    await stopDetached(record, STOP_SIGNAL[launcher.name], 5_000)
    store.remove(launcher.name)
    throw new DailyError(
      `${launcher.name} did not start on 127.0.0.1:${port}: ${(error as Error).message}. Its log (${log}) ends with:\n${logTail(log) || '(empty)'}`,
      { cause: error },
    )
  }
}
