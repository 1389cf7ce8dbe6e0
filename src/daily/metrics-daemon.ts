#!/usr/bin/env node
// Entry point of the detached metrics process `stressgate up` starts:
//   node metrics-daemon.js --port 8000 --report-dir /abs/reports
import { parseArgs } from 'node:util'
import { startDailyMetrics } from './daily-metrics.js'

const { values } = parseArgs({
  options: { port: { type: 'string' }, 'report-dir': { type: 'string' } },
})
const port = Number(values.port)
const reportDir = values['report-dir']
if (!Number.isInteger(port) || port < 1 || port > 65_535 || !reportDir) {
  process.stderr.write('usage: metrics-daemon --port <1-65535> --report-dir <dir>\n')
  process.exit(2)
}
const server = await startDailyMetrics({ port, reportDir })
process.stdout.write(
  `${new Date().toISOString()} stressgate metrics on ${server.url}/metrics (pid ${process.pid})\n`,
)
const stop = (signal: NodeJS.Signals): void => {
  process.stdout.write(`${new Date().toISOString()} ${signal}: stopping\n`)
  void server.stop().then(() => process.exit(0))
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
