import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { reportOf } from './report-fixture.js'
import type { CertificationReport, RunHistoryEntry } from './report-schema.js'
import {
  appendRunHistory,
  HistoryFileError,
  historyEntry,
  mergeRunHistories,
  readRunHistory,
  runsBefore,
  storedHistoryEntry,
} from './run-history-file.js'

const run = (id: string, p99?: number): RunHistoryEntry => ({
  run_id: id,
  timestamp: `2026-11-25T00:00:0${id}.000Z`,
  certified: true,
  scenarios: {
    flash_crash: { state: 'passed', ...(p99 === undefined ? {} : { decision_p99_ms: p99 }) },
  },
})

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stressgate-history-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('historyEntry', () => {
  test('keeps verdicts and decision latency, names the run by its services run id', () => {
    const report = {
      schema_version: 1,
      certified: false,
      certification_timestamp: '2026-11-25T10:00:00.000Z',
      summary: {
        total_scenarios: 2,
        passed_scenarios: 1,
        failed_scenarios: 1,
        inconclusive_scenarios: 0,
        pass_rate_pct: 50,
      },
      scenarios: {
        a: {
          overall_pass: true,
          state: 'passed',
          test_state: 'passed',
          file: 'a.stress.ts',
          duration_ms: 5,
          decision_p50_ms: 0.1,
          decision_p99_ms: 0.9,
          decisions_total: 1000,
          criteria: {},
          failure_messages: [],
        },
        b: {
          overall_pass: false,
          state: 'error',
          test_state: 'failed',
          file: 'b.stress.ts',
          duration_ms: 1,
          criteria: {},
          failure_messages: ['boom'],
        },
      },
      services: {
        mode: 'embedded',
        run_id: 'run-7',
        redis: { backend: 'embedded', detail: '', start_ms: 1 },
        postgres: { backend: 'embedded', detail: '', start_ms: 1 },
        pushgateway: { backend: 'none', detail: '', start_ms: 0 },
      },
    } satisfies CertificationReport
    expect(historyEntry(report)).toEqual({
      run_id: 'run-7',
      timestamp: '2026-11-25T10:00:00.000Z',
      certified: false,
      scenarios: {
        a: { state: 'passed', decision_p50_ms: 0.1, decision_p99_ms: 0.9, decisions_total: 1000 },
        b: { state: 'error' },
      },
    })
    const { services: _, ...withoutServices } = report
    expect(historyEntry(withoutServices).run_id).toBe('2026-11-25T10:00:00.000Z')
  })
})

describe('mergeRunHistories and storedHistoryEntry', () => {
  test('one entry per run id (the first source wins), oldest first', () => {
    const a = { ...run('1'), timestamp: '2026-11-25T00:00:03.000Z' }
    const b = { ...run('2'), timestamp: '2026-11-25T00:00:01.000Z' }
    const b2 = { ...b, certified: false }
    const c = { ...run('3'), timestamp: '2026-11-25T00:00:02.000Z' }
    expect(mergeRunHistories([a, b], [b2, c])).toEqual([b, c, a])
    expect(mergeRunHistories()).toEqual([])
  })

  test('a stored report becomes an entry; anything else is skipped', () => {
    const stored = {
      certified: true,
      certification_timestamp: '2026-11-25T00:00:00.000Z',
      scenarios: { s: { state: 'passed', decision_p99_ms: 2 } },
    }
    expect(storedHistoryEntry(stored)).toEqual({
      run_id: '2026-11-25T00:00:00.000Z',
      timestamp: '2026-11-25T00:00:00.000Z',
      certified: true,
      scenarios: { s: { state: 'passed', decision_p99_ms: 2 } },
    })
    for (const bad of [null, 'x', { certified: 'yes' }, { ...stored, scenarios: [] }])
      expect(storedHistoryEntry(bad)).toBeUndefined()
  })
})

describe('runsBefore', () => {
  test('leaves out the judged run and everything at or after its timestamp', () => {
    const report = reportOf({}, '2026-11-25T00:00:02.000Z')
    const runs = ['1', '2', '3'].map((id) => run(id)) // timestamps ...:01, :02, :03
    const own = {
      ...run('x'),
      run_id: '2026-11-25T00:00:02.000Z',
      timestamp: '2026-11-24T00:00:00.000Z',
    }
    expect(runsBefore([...runs, own], report).map((r) => r.run_id)).toEqual(['1'])
  })
})

describe('history file', () => {
  test('a missing file is an empty history; appends keep the newest runs, oldest first', async () => {
    const file = join(dir, 'history.json')
    expect(await readRunHistory(file)).toEqual({ runs: [] })
    let runs: RunHistoryEntry[] = []
    for (const id of ['1', '2', '3', '4']) runs = await appendRunHistory(file, runs, run(id), 3)
    expect(runs.map((r) => r.run_id)).toEqual(['2', '3', '4'])
    expect((await readRunHistory(file)).runs).toEqual(runs)
    // The same run id again replaces its entry and moves it last.
    runs = await appendRunHistory(file, runs, run('3', 1.5), 3)
    expect(runs.map((r) => r.run_id)).toEqual(['2', '4', '3'])
    expect(runs[2]?.scenarios.flash_crash?.decision_p99_ms).toBe(1.5)
    expect(await readdir(dir), 'no temporary file left').toEqual(['history.json'])
    await expect(appendRunHistory(file, runs, run('5'), 0)).rejects.toThrow(
      'keep must be an integer >= 1, got 0',
    )
  })

  test('a foreign file is moved aside (nothing lost) or, read-only, refused', async () => {
    const file = join(dir, 'history.json')
    await writeFile(file, '{"runs": "nope"}')
    const refused = readRunHistory(file)
    await expect(refused).rejects.toBeInstanceOf(HistoryFileError)
    await expect(refused).rejects.toThrow(
      `${file} is not a stressgate run history (expected {"schema_version": 1, "runs": [...]})`,
    )
    const read = await readRunHistory(file, { onCorrupt: 'move-aside', now: () => 42 })
    expect(read.runs).toEqual([])
    expect(read.warning?.message).toContain(`it was moved to ${file}.corrupt-42`)
    expect(await readFile(`${file}.corrupt-42`, 'utf8')).toBe('{"runs": "nope"}')
    expect(await readdir(dir)).toEqual(['history.json.corrupt-42'])

    await writeFile(file, '{"schema_version": 1, "runs": [{"run_id": "x"}]}')
    await expect(readRunHistory(file)).rejects.toThrow(
      'runs[0] lacks run_id, timestamp, certified or scenarios',
    )
    await writeFile(file, '{not json')
    await expect(readRunHistory(file)).rejects.toThrow('invalid JSON')
  })
})
