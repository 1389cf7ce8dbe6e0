import type { StageOutput, ToxicStage } from './toxic-stage.js'

/**
 * Toxiproxy's `timeout`: drops every byte; closes the connection `timeout` ms after the toxic met
 * it, or never when `timeout` is 0 (a half-open link). Removing it closes the connection too:
 * bytes were dropped, so the stream cannot go on (Toxiproxy does the same).
 *
 * @example
 * const stage = timeoutStage(out, { timeout: 0 })
 */
export function timeoutStage(
  out: StageOutput,
  attributes: { readonly timeout: number },
): ToxicStage {
  let timer: NodeJS.Timeout | undefined =
    attributes.timeout > 0 ? setTimeout(() => out.close(), attributes.timeout) : undefined
  const stop = (): void => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }
  return {
    data: (chunk) => out.drop(chunk.data.length),
    end: () => {
      stop()
      out.end()
    },
    remove: () => {
      stop()
      out.close()
    },
    dispose: stop,
  }
}
