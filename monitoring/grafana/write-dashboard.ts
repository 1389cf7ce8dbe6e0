/** Writes monitoring/grafana/dashboards/stressgate.json: `npm run monitoring:dashboard`. */
import { writeFile } from 'node:fs/promises'
import { buildDashboard } from './dashboard.js'

await writeFile(
  'monitoring/grafana/dashboards/stressgate.json',
  `${JSON.stringify(buildDashboard(), null, 2)}\n`,
)
console.log('wrote monitoring/grafana/dashboards/stressgate.json')
