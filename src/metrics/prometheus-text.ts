/** One sample of the Prometheus text exposition format. */
export interface Sample {
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly value: number
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g

/**
 * Parses Prometheus text format (what /metrics serves) into samples; comments and blank lines
 * are skipped, `+Inf`/`NaN` values understood, label escapes (\\", \\\\, \\n) undone.
 *
 * @example
 * parsePrometheusText('up{job="x"} 1\n') // [{ name: 'up', labels: { job: 'x' }, value: 1 }]
 */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = []
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const match = LINE.exec(line)
    if (!match) continue
    const labels: Record<string, string> = {}
    for (const l of (match[2] ?? '').matchAll(LABEL)) {
      labels[l[1] as string] = (l[2] as string).replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1')
    }
    const value =
      match[3] === '+Inf'
        ? Number.POSITIVE_INFINITY
        : match[3] === '-Inf'
          ? Number.NEGATIVE_INFINITY
          : Number(match[3])
    samples.push({ name: match[1] as string, labels, value })
  }
  return samples
}

/**
 * Prometheus' histogram_quantile over cumulative buckets (`le` -> count), with its linear
 * interpolation inside the bucket; NaN when there are no observations.
 *
 * @example
 * histogramQuantile(0.99, [[0.015, 95], [0.02, 100], [Infinity, 100]]) // 0.019
 */
export function histogramQuantile(
  q: number,
  buckets: readonly (readonly [number, number])[],
): number {
  const sorted = [...buckets].sort((a, b) => a[0] - b[0])
  const total = sorted[sorted.length - 1]?.[1] ?? 0
  if (total === 0) return Number.NaN
  const rank = q * total
  let previousLe = 0
  let previousCount = 0
  for (const [le, count] of sorted) {
    if (count >= rank) {
      if (le === Number.POSITIVE_INFINITY) return previousLe
      const inBucket = count - previousCount
      return inBucket === 0
        ? le
        : previousLe + ((le - previousLe) * (rank - previousCount)) / inBucket
    }
    previousLe = le
    previousCount = count
  }
  return previousLe
}
