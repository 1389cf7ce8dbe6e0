// Runs the simulated outage with the seed given and prints what a replay must reproduce.
import { runScenario } from '../../src/scenario/run-scenario.js'
import { simulatedOutage } from './simulated-outage.js'

const result = await runScenario(simulatedOutage(Number(process.argv[2])))
console.log(
  JSON.stringify({
    digest: result.digest,
    state: result.state,
    approved: result.decisions.approved,
    fills: result.venue?.executionRatePct,
    pnl: result.portfolio.pnlUsd,
  }),
)
