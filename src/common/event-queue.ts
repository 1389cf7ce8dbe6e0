/*
 * The one time-ordered queue of the project: the broker's schedulers and the simulation kernel
 * both keep their actions here, so "what happens next" is decided in one place.
 */

/** A scheduled action; `cancel()` returns false when it already ran or was cancelled. */
export interface ScheduledEvent {
  readonly atMs: number
  cancel(): boolean
}

export interface QueueEntry {
  readonly atMs: number
  readonly seq: number
  readonly action: () => void
  done: boolean
}

const before = (a: QueueEntry, b: QueueEntry): boolean =>
  a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq)

/** A binary min-heap on (time, sequence); cancelled entries are dropped lazily when they surface. */
export class EventQueue {
  readonly #heap: QueueEntry[] = []
  #seq = 0
  #live = 0

  get live(): number {
    return this.#live
  }

  push(atMs: number, action: () => void): ScheduledEvent {
    const entry: QueueEntry = { atMs, seq: this.#seq++, action, done: false }
    const heap = this.#heap
    heap.push(entry)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = heap[parent] as QueueEntry
      if (!before(entry, p)) break
      heap[i] = p
      i = parent
    }
    heap[i] = entry
    this.#live++
    return {
      atMs,
      cancel: () => {
        if (entry.done) return false
        entry.done = true
        this.#live--
        return true
      },
    }
  }

  /** Drops every entry: none of them will run. */
  clear(): void {
    for (const entry of this.#heap) entry.done = true
    this.#heap.length = 0
    this.#live = 0
  }

  /** The earliest live entry, without removing it. */
  peek(): QueueEntry | undefined {
    while (this.#heap[0]?.done) this.#pop()
    return this.#heap[0]
  }

  /** Removes and returns the earliest live entry if it is due at or before `tMs`. */
  takeDue(tMs: number): QueueEntry | undefined {
    const head = this.peek()
    if (head === undefined || head.atMs > tMs) return undefined
    this.#pop()
    head.done = true
    this.#live--
    return head
  }

  #pop(): void {
    const heap = this.#heap
    const last = heap.pop()
    if (last === undefined || heap.length === 0) return
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let smallest = last
      let at = i
      const l = heap[left]
      const r = heap[right]
      if (l !== undefined && before(l, smallest)) {
        smallest = l
        at = left
      }
      if (r !== undefined && before(r, smallest)) {
        smallest = r
        at = right
      }
      if (at === i) break
      heap[i] = smallest
      i = at
    }
    heap[i] = last
  }
}
