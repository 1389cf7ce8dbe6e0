import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repo = fileURLToPath(new URL('../..', import.meta.url))
const vitestBin = join(repo, 'node_modules/vitest/vitest.mjs')

/** The fixtures import 'stressgate' like a user would, which resolves to the built package. */
export function assertFreshBuild(): void {
  const built = join(repo, 'dist/plugin/index.js')
  if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" first.`)
  const newestSource = [
    'src/index.ts',
    'src/scenario/run-scenario.ts',
    'plugin/reporter.ts',
    'plugin/global-setup.ts',
  ]
    .map((f) => statSync(join(repo, f)).mtimeMs)
    .reduce((a, b) => Math.max(a, b))
  if (statSync(built).mtimeMs + 1 < newestSource) {
    throw new Error('dist/ is older than the sources: run "npm run build" first.')
  }
}

const fixtureEnv = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  ...process.env,
  FORCE_COLOR: '0',
  NO_COLOR: '1',
  CI: 'true',
  // Fixture runs must not write into a real GitHub job summary.
  GITHUB_ACTIONS: '',
  ...env,
})

/** Runs `vitest run --project stress` in a fixture project and waits for it. */
export function runFixture(fixture: string, env: NodeJS.ProcessEnv, ...args: string[]) {
  const run = spawnSync(process.execPath, [vitestBin, 'run', '--project', 'stress', ...args], {
    cwd: join(repo, 'test/fixtures', fixture),
    env: fixtureEnv(env),
    encoding: 'utf8',
    timeout: 180_000,
  })
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` }
}

/** Starts `vitest run --project stress` in a fixture project without waiting. */
export function startFixture(
  fixture: string,
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [vitestBin, 'run', '--project', 'stress'], {
    cwd: join(repo, 'test/fixtures', fixture),
    env: fixtureEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString()
  })
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString()
  })
  return { child, output: () => output }
}
