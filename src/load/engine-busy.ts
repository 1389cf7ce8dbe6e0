/**
 * The stretches of time the engine held the thread (synchronous `fire` calls), so that the
 * generator's lag can exclude them: a decision late because the engine was busy is the engine's
 * latency, a decision late for any other reason (a timer firing late, a GC pause, an event-loop
 * stall, a backlog behind one) is the generator's.
 *
 * Stretches are kept with running totals so a query costs O(log n), even when the driver is far
 * behind and millions of stretches lie inside the window.
 */
export class EngineBusy {
  readonly #starts: number[] = []
  readonly #ends: number[] = []
  /** Busy time of every stretch before index i (kept for the retained ones only). */
  readonly #before: number[] = []
  #head = 0
  #total = 0

  add(startMs: number, endMs: number): void {
    if (endMs <= startMs) return
    this.#starts.push(startMs)
    this.#ends.push(endMs)
    this.#before.push(this.#total)
    this.#total += endMs - startMs
  }

  /** Busy time inside [fromMs, toMs]. Forgets stretches before `fromMs` (callers ask in order). */
  within(fromMs: number, toMs: number): number {
    while (this.#head < this.#ends.length && (this.#ends[this.#head] ?? 0) <= fromMs) this.#head++
    if (this.#head > 65_536) {
      this.#starts.splice(0, this.#head)
      this.#ends.splice(0, this.#head)
      this.#before.splice(0, this.#head)
      this.#head = 0
    }
    return Math.max(0, this.#busyUntil(toMs) - this.#busyUntil(fromMs))
  }

  /** Total busy time up to `t`, counting only retained stretches. */
  #busyUntil(t: number): number {
    let lo = this.#head
    let hi = this.#starts.length - 1
    if (hi < lo || (this.#starts[lo] ?? 0) >= t) return this.#before[lo] ?? this.#total
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((this.#starts[mid] ?? 0) < t) lo = mid
      else hi = mid - 1
    }
    const start = this.#starts[lo] ?? 0
    const end = this.#ends[lo] ?? 0
    return (this.#before[lo] ?? 0) + Math.min(t, end) - start
  }
}
