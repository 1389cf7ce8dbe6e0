import { accessSync, constants, readdirSync } from 'node:fs'
import { delimiter, join } from 'node:path'

/** Debian installs the PostgreSQL server binaries off PATH, one folder per major version. */
const POSTGRES_LIB = '/usr/lib/postgresql'

function postgresDirs(): string[] {
  try {
    return readdirSync(POSTGRES_LIB)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => join(POSTGRES_LIB, v, 'bin'))
  } catch {
    return []
  }
}

/** The folders searched for `name`, in order: PATH, then Debian's PostgreSQL folders. */
export function searchPath(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromPath = (env.PATH ?? '').split(delimiter).filter(Boolean)
  return [...fromPath, ...postgresDirs()]
}

/**
 * The absolute path of an executable, or undefined.
 *
 * @example
 * findBinary('redis-server') // '/usr/bin/redis-server'
 */
export function findBinary(
  name: string,
  dirs: readonly string[] = searchPath(),
): string | undefined {
  for (const dir of dirs) {
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return undefined
}
