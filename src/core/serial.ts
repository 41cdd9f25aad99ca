/**
 * Runs tasks one after another per key (one chat's updates stay in order) and tracks every task under
 * way, so shutdown can wait for them.
 */
export class SerialQueues {
  readonly #tails = new Map<string, Promise<unknown>>();
  readonly #inFlight = new Set<Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => {});
    this.#tails.set(key, tail);
    this.#inFlight.add(tail);
    void tail.then(() => {
      this.#inFlight.delete(tail);
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Resolves when every task queued so far (and any they queue) has settled. */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  get size(): number {
    return this.#inFlight.size;
  }
}
