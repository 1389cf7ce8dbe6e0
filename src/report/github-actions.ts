import { relative, resolve } from 'node:path'
import { markdownSummary } from './markdown-summary.js'
import type { CertificationReport, ScenarioReport } from './report-schema.js'
import { criterionLine, failedCriteria, plainText } from './report-text.js'

/** Options of {@link publishToGitHubActions}. */
export interface PublishOptions {
  /** Where the report files were written; named at the foot of the job summary. */
  readonly reportDir: string
  /**
   * The directory the scenario files are relative to (the Vitest root). When given, annotation
   * paths are made relative to `GITHUB_WORKSPACE` so they point at the file in the repository.
   * @default the scenario file as the report names it
   */
  readonly root?: string
  /** A baseline report for the delta column of the summary. */
  readonly baseline?: CertificationReport
}

/** What {@link publishToGitHubActions} did. */
export type PublishResult =
  | { readonly published: false }
  | { readonly published: true; readonly annotations: number }

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The line of the scenario file a failure message points at (`file.ts:42`), if any. */
function lineOf(s: ScenarioReport): number | undefined {
  const pattern = new RegExp(`${escapeRegExp(s.file)}:(\\d+)`)
  for (const message of s.failure_messages) {
    const line = pattern.exec(plainText(message))?.[1]
    if (line !== undefined) return Number(line)
  }
  return undefined
}

function annotationText(name: string, s: ScenarioReport): string {
  const criteria = failedCriteria(s).map(([id, c]) => criterionLine(id, c))
  const reason = s.inconclusive_reason ? [`inconclusive: ${s.inconclusive_reason}`] : []
  const lines = [...reason, ...criteria, ...s.failure_messages]
  return plainText(lines.length > 0 ? lines.join('\n') : `${name}: ${s.state}`)
}

/**
 * Publishes the report to a GitHub Actions job: the Markdown summary goes to the job summary
 * (`GITHUB_STEP_SUMMARY`) and every scenario that did not pass becomes an error annotation on
 * its scenario file. Outside GitHub Actions (`GITHUB_ACTIONS` is not `'true'`) it does nothing.
 *
 * @example
 * const result = await publishToGitHubActions(report, { reportDir: 'reports' })
 * if (result.published) console.log(`${result.annotations} annotations`)
 */
export async function publishToGitHubActions(
  report: CertificationReport,
  options: PublishOptions,
): Promise<PublishResult> {
  const env = process.env
  if (env.GITHUB_ACTIONS !== 'true') return { published: false }
  // Loaded only inside Actions: nothing of @actions/core runs for a local run.
  const core = await import('@actions/core')
  const foot = `\n_Reports: \`${options.reportDir}\` (certification_report.json, junit.xml, summary.md)_\n`
  await core.summary
    .addRaw(markdownSummary(report, { baseline: options.baseline }))
    .addRaw(foot)
    .write()
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd()
  let annotations = 0
  for (const [name, s] of Object.entries(report.scenarios)) {
    if (s.state === 'passed') continue
    const file =
      options.root === undefined ? s.file : relative(workspace, resolve(options.root, s.file))
    const startLine = lineOf(s)
    const title = `stressgate: ${name} ${s.state}`
    core.error(annotationText(name, s), { file, title, ...(startLine ? { startLine } : {}) })
    annotations++
  }
  return { published: true, annotations }
}
