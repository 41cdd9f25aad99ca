/**
 * A bounded map for the store's read caches, in two generations: reads and writes go to the young one,
 * a hit in the old one is promoted, and when the young one is full the old one is dropped whole (so it
 * keeps between `max` and `2·max` entries). Dropping a whole Map avoids the cost V8 pays to evict a
 * single oldest entry from a large Map. The SQLite store is used by one process, and every write goes
 * through the repository that owns the cache, so a cached row is never stale; a multi-process backend must
 * not use these caches.
 */
export class BoundedCache<K, V> {
  #young = new Map<K, V>();
  #old = new Map<K, V>();

  constructor(private readonly max = 100_000) {}

  get(key: K): V | undefined {
    const young = this.#young.get(key);
    if (young !== undefined || this.#young.has(key)) return young;
    if (!this.#old.has(key)) return undefined;
    const value = this.#old.get(key) as V;
    this.#old.delete(key);
    this.set(key, value);
    return value;
  }

  has(key: K): boolean {
    return this.#young.has(key) || this.#old.has(key);
  }

  set(key: K, value: V): V {
    this.#old.delete(key);
    this.#young.set(key, value);
    if (this.#young.size >= this.max) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    return value;
  }

  delete(key: K): void {
    this.#young.delete(key);
    this.#old.delete(key);
  }

  clear(): void {
    this.#young.clear();
    this.#old.clear();
  }
}
