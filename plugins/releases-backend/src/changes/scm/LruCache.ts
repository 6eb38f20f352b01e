/**
 * A bounded in-memory cache: the least recently used entry goes when full,
 * and an entry older than `ttlMs` counts as absent. A Map keeps insertion
 * order, so re-inserting on read makes its first key the least recent.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();

  constructor(
    private readonly options: {
      maxEntries: number;
      ttlMs: number;
      now?: () => number;
    },
  ) {
    if (!(options.maxEntries >= 1)) {
      throw new Error(
        `LruCache needs room for at least one entry, got ${options.maxEntries}`,
      );
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (this.now() - entry.at > this.options.ttlMs) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: this.now() });
    while (this.entries.size > this.options.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
