/**
 * What a run started, to be stopped if it throws part-way: disposing runs the registered stops,
 * newest first, unless the run reached its end and stopped them itself (`settle()`). A stop that
 * fails is ignored: the run's own error is the one to report.
 *
 * @example
 * await using abandon = new AbandonOnThrow()
 * abandon.add(() => control?.stop())
 * // ... the run; on its normal path it stops everything, then:
 * abandon.settle()
 */
export class AbandonOnThrow implements AsyncDisposable {
  readonly #stops: (() => unknown)[] = []
  #settled = false

  add(stop: () => unknown): void {
    this.#stops.push(stop)
  }

  settle(): void {
    this.#settled = true
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#settled) return
    for (const stop of this.#stops.reverse()) {
      try {
        await stop()
      } catch {
        // the run's own error is already on its way
      }
    }
  }
}
