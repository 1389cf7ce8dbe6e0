import type { StageOutput, ToxicStage } from './toxic-stage.js'

/**
 * Toxiproxy's `reset_peer`: the next data (or end) on its stream is dropped and the connection is
 * reset (TCP RST both ways, the client sees ECONNRESET) `timeout` ms later. Once armed, removing
 * the toxic does not cancel the reset: the dropped bytes already broke the stream.
 *
 * @example
 * const stage = resetPeerStage(out, { timeout: 100 })
 */
export function resetPeerStage(
  out: StageOutput,
  attributes: { readonly timeout: number },
): ToxicStage {
  let timer: NodeJS.Timeout | undefined
  let armed = false
  const arm = (): void => {
    if (armed) return
    armed = true
    if (attributes.timeout > 0) timer = setTimeout(() => out.reset(), attributes.timeout)
    else out.reset()
  }
  return {
    data: (chunk) => {
      out.drop(chunk.data.length)
      arm()
    },
    end: arm,
    remove: () => {},
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
    },
  }
}
