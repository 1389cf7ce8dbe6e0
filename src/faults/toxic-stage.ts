/** Bytes read from one side of a proxied connection, stamped with when they were read. */
export interface Chunk {
  readonly data: Buffer
  /** `performance.now()` when the proxy read the bytes. */
  readonly readAt: number
}

/** Where a stage hands data on: the next toxic of its stream, or the destination socket. */
export interface StageOutput {
  data(chunk: Chunk): void
  /** The stream ended (the source sent its FIN). */
  end(): void
  /** The stage swallowed these bytes (released for flow control). */
  drop(bytes: number): void
  /** Closes the whole connection, both ways, after what was already written (FIN). */
  close(): void
  /** Resets the whole connection, both ways (TCP RST). */
  reset(): void
}

/** What a stage may use besides its output: time and randomness, injected. */
export interface StageContext {
  now(): number
  /** Uniform in [0, 1). */
  random(): number
}

/** One toxic acting on one stream of one connection (Toxiproxy's ToxicStub). */
export interface ToxicStage {
  data(chunk: Chunk): void
  end(): void
  /** The toxic was removed: hand on everything held, now, in order. */
  remove(): void
  /** The connection is gone: cancel timers, forget what is held. */
  dispose(): void
}

/**
 * A stage that passes everything through: the toxic did not apply to this connection (its
 * toxicity draw failed).
 *
 * @example
 * const stage = passThroughStage(out)
 */
export function passThroughStage(out: StageOutput): ToxicStage {
  return {
    data: (chunk) => out.data(chunk),
    end: () => out.end(),
    remove: () => {},
    dispose: () => {},
  }
}
