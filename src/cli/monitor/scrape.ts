import { parsePrometheusText, type Sample } from '../../metrics/prometheus-text.js'
import { CliError } from '../cli-io.js'

/**
 * Fetches and parses a /metrics endpoint; an unreachable or failing server is a {@link CliError}
 * saying what to start.
 *
 * @example
 * const samples = await scrape('http://127.0.0.1:8000')
 */
export async function scrape(baseUrl: string, timeoutMs = 3_000): Promise<Sample[]> {
  const url = new URL('/metrics', baseUrl).toString()
  let response: Response
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name
    throw new CliError(
      `cannot reach the metrics server at ${url} (${code}). Start it with "stressgate up" or run the stress scenarios, or point --url at a running one.`,
    )
  }
  if (!response.ok)
    throw new CliError(
      `${url} answered HTTP ${response.status}; expected 200 with Prometheus text.`,
    )
  return parsePrometheusText(await response.text())
}

/** Active alerts from the Prometheus HTTP API (`/api/v1/alerts`). */
export async function prometheusAlerts(
  baseUrl: string,
  timeoutMs = 3_000,
): Promise<{ name: string; severity: string; state: string; summary: string }[]> {
  const url = new URL('/api/v1/alerts', baseUrl).toString()
  let body: {
    data?: {
      alerts?: {
        labels: Record<string, string>
        annotations?: Record<string, string>
        state: string
      }[]
    }
  }
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    body = (await response.json()) as typeof body
  } catch (error) {
    throw new CliError(
      `cannot read alerts from Prometheus at ${url} (${(error as Error).message}). Check --prometheus.`,
    )
  }
  return (body.data?.alerts ?? []).map((a) => ({
    name: a.labels.alertname ?? '?',
    severity: a.labels.severity ?? '?',
    state: a.state,
    summary: a.annotations?.summary ?? '',
  }))
}
