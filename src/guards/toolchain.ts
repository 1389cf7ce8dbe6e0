import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { GuardResult } from './types.js'

/** The oldest Node.js stressgate supports (package.json `engines`). */
export const MIN_NODE = '20.19.0'

/** Options of {@link checkToolchain}. */
export interface ToolchainOptions {
  /** The project root vitest must resolve from. @default process.cwd() */
  root?: string
  /** Where PATH is read to find npm. @default process.env */
  env?: NodeJS.ProcessEnv
  /** The Node.js version to judge. @default process.versions.node */
  nodeVersion?: string
}

const parts = (version: string): number[] =>
  version
    .replace(/^v/, '')
    .split('.')
    .map((x) => Number.parseInt(x, 10) || 0)

/** `a >= b` for dotted versions. */
export function versionAtLeast(a: string, b: string): boolean {
  const x = parts(a)
  const y = parts(b)
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0)
    if (d !== 0) return d > 0
  }
  return true
}

function npmVersion(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('npm', ['--version'], { env, timeout: 15_000 }, (error, stdout) => {
      resolve(error ? undefined : stdout.trim() || undefined)
    })
  })
}

/** The version of vitest installed for `root`, or undefined when it does not resolve from there. */
export function vitestVersion(root: string): string | undefined {
  let file: string | undefined
  try {
    file = createRequire(join(root, 'package.json')).resolve('vitest/package.json')
  } catch {
    // Fall back to a plain walk up the node_modules folders.
    for (let dir = root; ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', 'vitest', 'package.json')
      if (existsSync(candidate)) {
        file = candidate
        break
      }
      if (dirname(dir) === dir) break
    }
  }
  if (file === undefined) return undefined
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/**
 * Node.js >= 20.19, npm on PATH, vitest resolvable from the project root.
 *
 * @example
 * await checkToolchain({ root: process.cwd() })
 * // { name: 'toolchain', status: 'ok', detail: 'node v20.20.2, npm 11.19.1, vitest 4.1.12' }
 */
export async function checkToolchain(options: ToolchainOptions = {}): Promise<GuardResult> {
  const root = options.root ?? process.cwd()
  const node = options.nodeVersion ?? process.versions.node
  const npm = await npmVersion(options.env ?? process.env)
  const vitest = vitestVersion(root)
  const found = [
    `node v${node.replace(/^v/, '')}`,
    `npm ${npm ?? 'missing'}`,
    `vitest ${vitest ?? 'missing'}`,
  ].join(', ')
  const problems: string[] = []
  const fixes: string[] = []
  if (!versionAtLeast(node, MIN_NODE)) {
    problems.push(`node v${node.replace(/^v/, '')} is older than ${MIN_NODE}`)
    fixes.push(`install Node.js ${MIN_NODE} or newer`)
  }
  if (npm === undefined) {
    problems.push('npm not found on PATH')
    fixes.push('install npm (it ships with Node.js) or put it on PATH')
  }
  if (vitest === undefined) {
    problems.push(`vitest does not resolve from ${root}`)
    fixes.push(`run "npm ci" in ${root}`)
  }
  if (problems.length === 0) return { name: 'toolchain', status: 'ok', detail: found }
  return {
    name: 'toolchain',
    status: 'fail',
    detail: `${problems.join('; ')} (${found})`,
    fix: fixes.join('; '),
  }
}
