/**
 * A bounded map for the store's read caches: the oldest entry goes when it is full. The SQLite store is
 * used by one process, and every write goes through the repository that owns the cache, so a cached row is
 * never stale; a multi-process backend must not use these caches.
 */
export class BoundedCache<K, V> {
  readonly #map = new Map<K, V>();

  constructor(private readonly max = 100_000) {}

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  set(key: K, value: V): V {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.max) this.#map.delete(this.#map.keys().next().value as K);
    return value;
  }

  delete(key: K): void {
    this.#map.delete(key);
  }

  clear(): void {
    this.#map.clear();
  }
}
