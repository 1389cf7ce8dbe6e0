import { readFileSync } from 'node:fs'

/** A system account to run a server as. */
export interface RunAs {
  readonly user: string
  readonly uid: number
  readonly gid: number
}

/**
 * PostgreSQL refuses to run as root: when this process is root, the account to run it as
 * (`postgres`, created by Debian's package, else `nobody`). Undefined when not root.
 *
 * @example
 * const account = nonRootAccount() // { user: 'postgres', uid: 101, gid: 104 } under root
 */
export function nonRootAccount(passwd = '/etc/passwd'): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined
  const lines = readFileSync(passwd, 'utf8').split('\n')
  for (const wanted of ['postgres', 'nobody']) {
    const fields = lines.find((l) => l.startsWith(`${wanted}:`))?.split(':')
    if (fields && fields.length >= 4)
      return { user: wanted, uid: Number(fields[2]), gid: Number(fields[3]) }
  }
  throw new Error(
    'Running as root and no "postgres" or "nobody" account exists to run PostgreSQL as. Create one (useradd -r postgres) or run as a regular user.',
  )
}
