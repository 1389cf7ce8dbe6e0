/** The certification report a stress run writes in its report folder. */
export const REPORT_FILE = 'certification_report.json'
export const JUNIT_FILE = 'junit.xml'
export const MARKDOWN_FILE = 'summary.md'
export const DASHBOARD_FILE = 'dashboard.html'
/** The run history the reporter keeps beside them: many runs, read for the trend and noise floors. */
export const HISTORY_FILE = 'history.json'

/** The files one run writes (not the history, which spans runs). */
export const RUN_REPORT_FILES = [REPORT_FILE, DASHBOARD_FILE, JUNIT_FILE, MARKDOWN_FILE] as const
