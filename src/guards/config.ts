import { constants } from 'node:fs'
import { access, readFile, stat, unlink, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import type { GuardResult } from './types.js'

/** The names Vitest looks for, in its order. */
export const VITEST_CONFIGS = [
  'vitest.config.ts',
  'vitest.config.mts',
  'vitest.config.cts',
  'vitest.config.js',
  'vitest.config.mjs',
  'vitest.config.cjs',
] as const

/** Options of {@link checkConfig}. */
export interface ConfigOptions {
  /** The project root. @default process.cwd() */
  root?: string
  /** Where reports are written. @default <root>/reports */
  reportDir?: string
}

const readable = async (file: string): Promise<string | undefined> => {
  try {
    return await readFile(file, 'utf8')
  } catch {
    return undefined
  }
}

/** Why `dir` cannot take reports, or undefined when it can (probed by writing a file). */
async function notWritable(dir: string): Promise<string | undefined> {
  let info: Awaited<ReturnType<typeof stat>> | undefined
  try {
    info = await stat(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return (error as Error).message
  }
  if (info === undefined) {
    // It will be created: its nearest existing parent must be writable.
    const parent = dirname(dir)
    if (parent === dir) return `${dir} does not exist`
    try {
      await access(parent, constants.W_OK)
      return undefined
    } catch (error) {
      // A missing parent will be created too: look further up. An existing one is not writable.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return notWritable(parent)
      return `${parent} is not writable`
    }
  }
  if (!info.isDirectory()) return `${dir} is not a directory`
  const probe = join(dir, `.stressgate-guard-${process.pid}-${Date.now()}`)
  try {
    await writeFile(probe, '')
    await unlink(probe)
    return undefined
  } catch (error) {
    return `${dir} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`
  }
}

/**
 * A `vitest.config.*` in the root that uses the `stress()` plugin, and a writable reports folder.
 *
 * @example
 * await checkConfig({ root: process.cwd() })
 * // { name: 'config', status: 'ok', detail: 'vitest.config.ts uses stress(); reports/ writable' }
 */
export async function checkConfig(options: ConfigOptions = {}): Promise<GuardResult> {
  const root = resolve(options.root ?? process.cwd())
  const reportDir = resolve(root, options.reportDir ?? 'reports')
  const problems: string[] = []
  const fixes: string[] = []
  let found: string | undefined
  for (const name of VITEST_CONFIGS) {
    const text = await readable(join(root, name))
    if (text === undefined) continue
    found = name
    if (!/\bstress\s*\(/.test(text)) {
      problems.push(`${name} does not call stress(`)
      fixes.push(`add plugins: [stress()] (import { stress } from 'stressgate/plugin') to ${name}`)
    }
    break
  }
  if (found === undefined) {
    problems.push(`no vitest.config.* in ${root}`)
    fixes.push(
      `create ${join(root, 'vitest.config.ts')} with plugins: [stress()] from 'stressgate/plugin'`,
    )
  }
  const why = await notWritable(reportDir)
  if (why !== undefined) {
    problems.push(`reports folder: ${why}`)
    fixes.push(`make ${reportDir} writable or set the plugin's reportDir elsewhere`)
  }
  if (problems.length > 0) {
    return { name: 'config', status: 'fail', detail: problems.join('; '), fix: fixes.join('; ') }
  }
  return {
    name: 'config',
    status: 'ok',
    detail: `${found} uses stress(); ${reportDir} writable`,
  }
}
