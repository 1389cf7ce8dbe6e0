import { readFile } from 'node:fs/promises'
import type { MarketTick } from '../contract/trading.js'
import { CSV_HEADER, type TickFileFormat, TickFormatError } from './tick-format.js'

interface RawTick {
  t: unknown
  symbol: unknown
  price: unknown
  depth: unknown
  halted?: unknown
}

function check(file: string, line: number, raw: RawTick, previousT: number): MarketTick {
  const fail = (problem: string): never => {
    throw new TickFormatError(file, line, problem)
  }
  const t = raw.t
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0)
    fail(`t = ${JSON.stringify(t)} must be a number of ms >= 0`)
  if ((t as number) < previousT)
    fail(`t = ${t} goes back in time (previous tick at ${previousT}); ticks must be in time order`)
  if (typeof raw.symbol !== 'string' || raw.symbol === '')
    fail(`symbol = ${JSON.stringify(raw.symbol)} must be a non-empty string`)
  if (typeof raw.price !== 'number' || !(raw.price > 0))
    fail(`price = ${JSON.stringify(raw.price)} must be a number > 0`)
  if (typeof raw.depth !== 'number' || !(raw.depth > 0 && raw.depth <= 100)) {
    fail(
      `depth = ${JSON.stringify(raw.depth)} must be a percentage of normal depth, 0 < depth <= 100`,
    )
  }
  if (raw.halted !== undefined && typeof raw.halted !== 'boolean')
    fail(`halted = ${JSON.stringify(raw.halted)} must be true or false`)
  return {
    tMs: t as number,
    symbol: raw.symbol as string,
    price: raw.price as number,
    depthPct: raw.depth as number,
    ...(raw.halted === true ? { halted: true } : {}),
  }
}

function parseLine(file: string, line: number, text: string, format: TickFileFormat): RawTick {
  if (format === 'ndjson') {
    try {
      const value: unknown = JSON.parse(text)
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new Error('not an object')
      return value as RawTick
    } catch {
      throw new TickFormatError(file, line, `not a JSON object: ${text.slice(0, 60)}`)
    }
  }
  const cells = text.split(',')
  if (cells.length < 4 || cells.length > 5) {
    throw new TickFormatError(
      file,
      line,
      `expected 4 or 5 comma-separated fields (${CSV_HEADER}), got ${cells.length}`,
    )
  }
  const num = (s: string | undefined): unknown =>
    s === undefined || s.trim() === '' || Number.isNaN(Number(s)) ? s : Number(s)
  const halted = cells[4]?.trim()
  return {
    t: num(cells[0]),
    symbol: cells[1]?.trim(),
    price: num(cells[2]),
    depth: num(cells[3]),
    ...(halted === undefined || halted === ''
      ? {}
      : { halted: halted === 'true' ? true : halted === 'false' ? false : halted }),
  }
}

/**
 * Parses tick text, validating every line; the first bad line throws {@link TickFormatError}
 * with its line number.
 *
 * @example
 * parseTicks('{"t":0,"symbol":"ES","price":100,"depth":100}\n', 'ndjson', 'inline')
 */
export function parseTicks(text: string, format: TickFileFormat, file = '<text>'): MarketTick[] {
  const lines = text.split(/\r?\n/)
  const ticks: MarketTick[] = []
  let previousT = 0
  let start = 0
  if (format === 'csv') {
    const header = lines[0]?.trim()
    if (header !== CSV_HEADER && header !== CSV_HEADER.replace(',halted', '')) {
      throw new TickFormatError(file, 1, `header ${JSON.stringify(header)} is not "${CSV_HEADER}"`)
    }
    start = 1
  }
  for (let i = start; i < lines.length; i++) {
    const text = lines[i]?.trim() ?? ''
    if (text === '') continue
    const tick = check(file, i + 1, parseLine(file, i + 1, text, format), previousT)
    previousT = tick.tMs
    ticks.push(tick)
  }
  if (ticks.length === 0) throw new TickFormatError(file, lines.length, 'the file has no ticks')
  return ticks
}

/**
 * Reads and validates a tick file; the format comes from the extension (.ndjson/.jsonl or .csv).
 *
 * @example
 * const ticks = await loadTicks('fixtures/ticks/flash-crash-2010.ndjson')
 */
export async function loadTicks(file: string): Promise<MarketTick[]> {
  const format: TickFileFormat | undefined =
    /\.(nd)?jsonl?$/.test(file) || file.endsWith('.ndjson')
      ? 'ndjson'
      : file.endsWith('.csv')
        ? 'csv'
        : undefined
  if (format === undefined) {
    throw new TickFormatError(file, 0, 'unknown extension: name the file .ndjson, .jsonl or .csv')
  }
  return parseTicks(await readFile(file, 'utf8'), format, file)
}
