/**
 * The stretches of time the engine held the thread (synchronous `fire` calls), so that the
 * generator's lag can exclude them: a decision late because the engine was busy is the engine's
 * latency, a decision late for any other reason (a timer firing late, a GC pause, an event-loop
 * stall, a backlog behind one) is the generator's.
 */
export class EngineBusy {
  readonly #starts: number[] = []
  readonly #ends: number[] = []
  #head = 0

  add(startMs: number, endMs: number): void {
    if (endMs > startMs) {
      this.#starts.push(startMs)
      this.#ends.push(endMs)
    }
  }

  /** Busy time inside [fromMs, toMs]. Forgets stretches before `fromMs` (callers ask in order). */
  within(fromMs: number, toMs: number): number {
    while (this.#head < this.#ends.length && (this.#ends[this.#head] ?? 0) <= fromMs) this.#head++
    if (this.#head > 4_096) {
      this.#starts.splice(0, this.#head)
      this.#ends.splice(0, this.#head)
      this.#head = 0
    }
    let busy = 0
    for (let i = this.#head; i < this.#ends.length; i++) {
      const start = Math.max(fromMs, this.#starts[i] ?? 0)
      const end = Math.min(toMs, this.#ends[i] ?? 0)
      if (end > start) busy += end - start
    }
    return busy
  }
}
