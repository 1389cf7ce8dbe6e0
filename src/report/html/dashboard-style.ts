/** The page's own stylesheet: system fonts only, nothing fetched. */
export const DASHBOARD_STYLE = `
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem; color: #222; }
h1 { margin: 0; font-size: 2rem; }
.verdict { padding: 1rem; border-radius: 6px; margin-bottom: 1rem; color: #fff; }
.verdict.certified { background: #1e8449; }
.verdict.not-certified { background: #b03a2e; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.pass { background: #e9f7ef; }
tr.pass td.mark { color: #1e8449; font-weight: bold; }
tr.fail { background: #fdedec; }
tr.fail td.mark { color: #b03a2e; font-weight: bold; }
.badge { font-size: 0.8rem; padding: 0.1rem 0.4rem; border-radius: 4px; color: #fff; background: #7f8c8d; }
.badge.state-passed { background: #1e8449; }
.badge.state-failed, .badge.state-error { background: #b03a2e; }
.badge.state-inconclusive { background: #b9770e; }
.scenario { border-top: 2px solid #ccc; margin-top: 1.5rem; }
.chart { min-height: 240px; width: 100%; }
figure { margin: 0.5rem 0; }
figcaption { font-weight: bold; }
.details { display: flex; flex-wrap: wrap; gap: 1rem; }
.failures pre { white-space: pre-wrap; margin: 0; color: #b03a2e; }
.faults { color: #a04000; }
.none { color: #777; font-style: italic; }
tr.current { font-weight: bold; background: #eef4fb; }
.scroll { overflow-x: auto; max-width: 100%; }
td.when { white-space: nowrap; }
td.verdict-pass { color: #1e8449; }
td.verdict-fail { color: #b03a2e; }
td.state-failed, td.state-error { color: #b03a2e; }
td.state-inconclusive { color: #b9770e; }
.clock-simulated { color: #1f618d; font-weight: 600; }
td.clock { white-space: nowrap; }
.event-log pre, .replay code { white-space: pre-wrap; word-break: break-all; }
`
