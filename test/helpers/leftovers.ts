import { chmod, mkdtemp, readdir, readFile, readlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A private parent folder for service temp dirs, readable by the account PostgreSQL runs as
 * (the local backend drops root), so a test can tell its own leftovers from anyone else's.
 */
export async function privateTempParent(label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `stressgate-test-${label}-`))
  await chmod(dir, 0o755)
  return dir
}

/**
 * Processes working in a folder under `parent` (their /proc/PID/cwd): servers started there,
 * even after they were orphaned or renamed themselves. Read-only: nothing is killed.
 */
export async function processesUnder(parent: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      const cwd = await readlink(`/proc/${entry}/cwd`)
      if (!cwd.startsWith(`${parent}/`)) continue
      const cmd = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replaceAll('\0', ' ')
      found.push(`${entry}: ${cmd.trim()} (in ${cwd})`)
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return found
}

/** What a run left in `parent`: service temp dirs, and processes started in them. */
export async function leftovers(parent: string): Promise<{ dirs: string[]; processes: string[] }> {
  const dirs = (await readdir(parent)).filter((d) => d.startsWith('stressgate-services-'))
  return { dirs, processes: await processesUnder(parent) }
}
