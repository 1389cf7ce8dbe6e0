import { Command, CommanderError } from 'commander'
import { formatSummary } from '../report/summary-text.js'
import { registerCertify } from './certify-command.js'
import { CliError, type CliIo } from './cli-io.js'
import { registerCompare } from './compare-command.js'
import { registerDaily } from './daily-command.js'
import { registerGovernor } from './governor-command.js'
import { registerGuards } from './guards-command.js'
import { registerMonitor } from './monitor/monitor-command.js'
import { readReportFile } from './read-report.js'

export { CliError, type CliIo } from './cli-io.js'

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}

/**
 * Builds the `stressgate` command. The bin only calls `run(argv)`; everything is testable here.
 *
 * @example
 * const code = await createCli().run(['summary', 'reports/certification_report.json'])
 */
export function createCli(
  io: CliIo = processIo,
  version = '0.0.0',
): { run(argv: readonly string[]): Promise<number> } {
  return {
    async run(argv) {
      let exitCode = 0
      const program = new Command('stressgate')
        .description('Stress-test and certify the risk governor of an intraday trading system.')
        .version(version)
        .exitOverride()
        .configureOutput({ writeOut: io.out, writeErr: io.err })
      program
        .command('summary')
        .description('Print the verdict of a certification report; exit 1 unless certified.')
        .argument(
          '[report]',
          'path of certification_report.json',
          'reports/certification_report.json',
        )
        .action(async (file: string) => {
          const report = await readReportFile(
            file,
            'Run "npx vitest run --project stress" first, or pass the report\'s path.',
          )
          io.out(`${formatSummary(report, file)}\n`)
          exitCode = report.certified ? 0 : 1
        })
      registerCertify(program, io, (code) => {
        exitCode = code
      })
      registerGuards(program, io, (code) => {
        exitCode = code
      })
      registerCompare(program, io, (code) => {
        exitCode = code
      })
      registerDaily(program, io, (code) => {
        exitCode = code
      })
      registerGovernor(program, io, (code) => {
        exitCode = code
      })
      registerMonitor(
        program,
        io,
        (code) => {
          exitCode = code
        },
        io === processIo && process.stdout.isTTY === true,
      )
      try {
        await program.parseAsync(argv, { from: 'user' })
        return exitCode
      } catch (error) {
        if (error instanceof CommanderError) return error.exitCode
        if (error instanceof CliError) {
          io.err(`stressgate: ${error.message}\n`)
          return error.exitCode
        }
        throw error
      }
    },
  }
}
