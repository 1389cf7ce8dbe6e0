import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command, CommanderError } from 'commander'
import { afterEach, describe, expect, test } from 'vitest'
import { repo } from '../../test/helpers/run-fixture.js'
import { freePort } from '../services/free-port.js'
import { CliError } from './cli-io.js'
import { registerGuards } from './guards-command.js'

/** Runs `stressgate guards ...` the way createCli does, output captured. */
async function guards(env: NodeJS.ProcessEnv, ...args: string[]) {
  let out = ''
  let err = ''
  let code = 0
  const io = {
    out: (t: string) => {
      out += t
    },
    err: (t: string) => {
      err += t
    },
  }
  const program = new Command('stressgate')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
  registerGuards(
    program,
    io,
    (c) => {
      code = c
    },
    env,
  )
  try {
    await program.parseAsync(['guards', ...args], { from: 'user' })
  } catch (error) {
    if (error instanceof CommanderError) code = error.exitCode
    else if (error instanceof CliError) {
      err += `stressgate: ${error.message}\n`
      code = error.exitCode
    } else throw error
  }
  return { code, out, err }
}

const env = { PATH: process.env.PATH }
const servers: Server[] = []

async function holdPort(): Promise<number> {
  const server = createServer()
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as { port: number }).port
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
})

describe('stressgate guards', () => {
  test('all checks pass on this repository: one line each, exit 0', async () => {
    const port = await freePort()
    const { code, out } = await guards(
      env,
      '--root',
      repo,
      '--metrics-port',
      String(port),
      '--min-free-mb',
      '0',
    )
    expect(code).toBe(0)
    const lines = out.trimEnd().split('\n')
    expect(lines).toHaveLength(8)
    expect(lines[0]).toMatch(/^OK {3}toolchain {2}node v\d+\.\d+\.\d+, npm \S+, vitest \S+$/)
    expect(lines[1]).toBe(`OK   ports  127.0.0.1:${port} free`)
    expect(lines[6]).toMatch(/^OK {3}config {2}vitest\.config\.ts uses stress\(\)/)
    expect(lines[7]).toMatch(/^guards passed/)
  })

  test('a port in use fails the ports line and exits 1', async () => {
    const held = await holdPort()
    const { code, out } = await guards(
      env,
      '--root',
      repo,
      '--metrics-port',
      String(held),
      '--min-free-mb',
      '0',
    )
    expect(code).toBe(1)
    expect(out).toMatch(
      new RegExp(
        `^FAIL ports {2}127\\.0\\.0\\.1:${held} in use \\([^)]+\\): stop what uses it or pass --metrics-port$`,
        'm',
      ),
    )
    expect(out).toMatch(/^guards FAILED: ports$/m)
  })

  test('--port adds ports; --json prints the results', async () => {
    const held = await holdPort()
    const { code, out } = await guards(
      { ...env, STRESS_REDIS_URL: `redis://127.0.0.1:${await freePort()}` },
      '--root',
      repo,
      '--metrics-port',
      '0',
      '--port',
      String(held),
      '--min-free-mb',
      '0',
      '--json',
    )
    expect(code).toBe(1)
    const report = JSON.parse(out) as {
      ok: boolean
      results: { name: string; status: string; detail: string }[]
    }
    expect(report.ok).toBe(false)
    const failed = report.results.filter((r) => r.status === 'fail').map((r) => r.name)
    expect(failed).toEqual(['ports', 'redis'])
    expect(report.results.find((r) => r.name === 'redis')?.detail).toContain('connection refused')
  })

  test('a root without a vitest config fails the config check', async () => {
    const root = await mkdtemp(join(tmpdir(), 'stressgate-guards-cli-'))
    try {
      const { code, out } = await guards(
        env,
        '--root',
        root,
        '--metrics-port',
        '0',
        '--min-free-mb',
        '0',
      )
      expect(code).toBe(1)
      expect(out).toMatch(/^FAIL config {2}no vitest\.config\.\* in /m)
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })

  test('a bad number exits 2 with the reason', async () => {
    const { code, err } = await guards(env, '--port', 'http')
    expect(code).toBe(2)
    expect(err).toContain('--port expects an integer from 1 to 65535, got "http"')
  })
})
