import type { Socket } from 'node:net'
import type { Chunk, StageOutput, ToxicStage } from './toxic-stage.js'

/** Bytes a link may hold inside its toxics before it stops reading its source. */
const HIGH_WATER_BYTES = 1024 * 1024

interface Entry {
  readonly name: string
  readonly stage: ToxicStage
}

/** What a link asks of its connection when a toxic ends it. */
export interface LinkOwner {
  close(): void
  reset(): void
}

/**
 * One direction of a proxied connection (Toxiproxy's ToxicLink): bytes read from `source` pass
 * through the toxics of that stream in the order they were added, then are written to `dest`.
 * Toxics join at the end of the chain and leave with what they hold handed on, so they act on the
 * data that flows after they were added. Reading pauses while the toxics hold more than 1 MiB or
 * `dest` is full: back-pressure reaches the sender, as with Toxiproxy's channels.
 */
export class ToxicLink {
  readonly #source: Socket
  readonly #dest: Socket
  readonly #owner: LinkOwner
  readonly #entries: Entry[] = []
  #held = 0
  #ended = false

  constructor(source: Socket, dest: Socket, owner: LinkOwner) {
    this.#source = source
    this.#dest = dest
    this.#owner = owner
    dest.on('drain', () => this.#flow())
  }

  /** True once the end of the stream was written to `dest`. */
  get ended(): boolean {
    return this.#ended
  }

  input(chunk: Chunk): void {
    this.#held += chunk.data.length
    this.#flow()
    this.#deliver(0, chunk)
  }

  inputEnd(): void {
    this.#deliverEnd(0)
  }

  /** Appends a toxic's stage; `create` gets the output it must write to. */
  add(name: string, create: (out: StageOutput) => ToxicStage): void {
    let entry: Entry | undefined
    // Output of a stage that is not (or no longer) in the chain goes nowhere.
    const next = (): number => {
      const index = entry === undefined ? -1 : this.#entries.indexOf(entry)
      return index < 0 ? -1 : index + 1
    }
    const out: StageOutput = {
      data: (chunk) => {
        const index = next()
        if (index < 0) this.#release(chunk.data.length)
        else this.#deliver(index, chunk)
      },
      end: () => {
        const index = next()
        if (index >= 0) this.#deliverEnd(index)
      },
      drop: (bytes) => this.#release(bytes),
      close: () => this.#owner.close(),
      reset: () => this.#owner.reset(),
    }
    entry = { name, stage: create(out) }
    this.#entries.push(entry)
  }

  /** Removes a toxic's stage, handing on what it holds first. */
  remove(name: string): void {
    const entry = this.#entries.find((e) => e.name === name)
    if (entry === undefined) return
    entry.stage.remove()
    const index = this.#entries.indexOf(entry)
    if (index >= 0) this.#entries.splice(index, 1)
  }

  /** The connection is gone: stops every stage's timers. */
  dispose(): void {
    for (const entry of this.#entries.splice(0)) entry.stage.dispose()
  }

  #deliver(index: number, chunk: Chunk): void {
    const entry = this.#entries[index]
    if (entry !== undefined) {
      entry.stage.data(chunk)
      return
    }
    if (!this.#dest.destroyed && !this.#dest.writableEnded) this.#dest.write(chunk.data)
    this.#release(chunk.data.length)
  }

  #deliverEnd(index: number): void {
    const entry = this.#entries[index]
    if (entry !== undefined) {
      entry.stage.end()
      return
    }
    if (this.#ended) return
    this.#ended = true
    if (!this.#dest.destroyed) this.#dest.end()
  }

  #release(bytes: number): void {
    this.#held -= bytes
    this.#flow()
  }

  #flow(): void {
    if (this.#source.destroyed) return
    if (this.#held > HIGH_WATER_BYTES || this.#dest.writableNeedDrain) this.#source.pause()
    else if (this.#source.isPaused()) this.#source.resume()
  }
}
