#!/usr/bin/env node
import { createRequire } from 'node:module'
import { createCli } from './create-cli.js'

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string }
process.exitCode = await createCli(undefined, version).run(process.argv.slice(2))
