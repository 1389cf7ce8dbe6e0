import { readFile } from 'node:fs/promises'
import { describe, expect, test } from 'vitest'
import { shippedTicks } from '../../fixtures/ticks/shipped-ticks.js'
import { tickAt } from './market-path.js'
import { formatTicks, TickFormatError } from './tick-format.js'
import { loadTicks, parseTicks } from './tick-loader.js'
import { tickReplay } from './tick-replay.js'

const sample = [
  { tMs: 0, symbol: 'ES', price: 100, depthPct: 100 },
  { tMs: 10, symbol: 'ES', price: 99.5, depthPct: 50, halted: true },
  { tMs: 25, symbol: 'ES', price: 99.75, depthPct: 80 },
]

describe('tick files', () => {
  test.each(['ndjson', 'csv'] as const)('%s round-trips', (format) => {
    expect(parseTicks(formatTicks(sample, format), format)).toEqual(sample)
  })

  test.each([
    [
      'ndjson',
      '{"t":0,"symbol":"ES","price":100,"depth":100}\n{"t":5,"symbol":"ES","price":-1,"depth":100}',
      'data.ndjson:2: price = -1 must be a number > 0',
    ],
    [
      'ndjson',
      '{"t":10,"symbol":"ES","price":1,"depth":100}\n\n{"t":5,"symbol":"ES","price":1,"depth":100}',
      'data.ndjson:3: t = 5 goes back in time (previous tick at 10)',
    ],
    [
      'ndjson',
      '{"t":0,"symbol":"ES","price":1,"depth":150}',
      'data.ndjson:1: depth = 150 must be a percentage of normal depth, 0 < depth <= 100',
    ],
    ['ndjson', 'not json', 'data.ndjson:1: not a JSON object: not json'],
    [
      'csv',
      'time,sym,px\n0,ES,1',
      'data.csv:1: header "time,sym,px" is not "t,symbol,price,depth,halted"',
    ],
    [
      'csv',
      't,symbol,price,depth,halted\n0,ES,1,100,false\n5,ES,1,100,maybe',
      'data.csv:3: halted = "maybe" must be true or false',
    ],
    ['csv', 't,symbol,price,depth\n0,,1,100', 'data.csv:2: symbol = "" must be a non-empty string'],
  ] as const)('a bad %s line is named with its number: %s', (format, text, message) => {
    const file = `data.${format}`
    expect(() => parseTicks(text, format, file)).toThrow(TickFormatError)
    expect(() => parseTicks(text, format, file)).toThrow(message)
  })

  test('the shipped fixtures are exactly what the generator makes, and load cleanly', async () => {
    for (const { file, text } of shippedTicks()) {
      expect(await readFile(file, 'utf8'), `${file} is stale: run npm run fixtures`).toBe(text)
      expect((await loadTicks(file)).length).toBeGreaterThan(100)
    }
    await expect(loadTicks('ticks.txt')).rejects.toThrow(/unknown extension/)
  })

  test('replay at 10x compresses time and keeps the recorded prices', async () => {
    const ticks = await loadTicks('fixtures/ticks/flash-crash-2010.ndjson')
    const path = tickReplay(ticks, { speed: 10 }).build(0, 3_000)
    expect(path.ticks[1]?.tMs).toBe(5)
    expect(tickAt(path, 100).price).toBe(ticks[20]?.price)
    expect(path.ticks.at(-1)?.tMs).toBeLessThanOrEqual(3_000)
    expect(() => tickReplay(ticks, { speed: 0 })).toThrow(/speed = 0 is out of range/)
  })
})
