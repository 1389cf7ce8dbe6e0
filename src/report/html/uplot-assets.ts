import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

/** uPlot's browser build and stylesheet, as text to inline into a page. */
export interface UplotAssets {
  readonly script: string
  readonly style: string
}

/**
 * Reads uPlot's IIFE build and stylesheet from the installed `uplot` package, so the dashboard
 * carries its chart library and opens offline. The licence banner's address loses its scheme:
 * the page must not name any network location outside its data.
 *
 * @example
 * const { script, style } = readUplotAssets()
 * script.includes('uPlot') // true
 */
export function readUplotAssets(): UplotAssets {
  const require = createRequire(import.meta.url)
  const read = (file: string): string => readFileSync(require.resolve(`uplot/dist/${file}`), 'utf8')
  return {
    script: read('uPlot.iife.min.js').replace(/^\/\*!\s*https?:\/\//, '/*! '),
    style: read('uPlot.min.css'),
  }
}
