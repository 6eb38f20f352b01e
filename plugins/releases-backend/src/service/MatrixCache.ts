import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export interface SerializedResponse {
  etag: string;
  json: Buffer;
  gzip: Buffer;
}

/**
 * The product matrix is large (about 2 MB of JSON for 1,000 components) and
 * read far more often than it changes, so it is kept serialized and
 * compressed per product and rebuilt only when the environment state
 * version or the product's component list changes. The component list
 * comes from the catalog with the caller's credentials, so it is cached per
 * caller for a short time only.
 */
export class MatrixCache {
  private readonly bodies = new Map<string, { key: string; response: SerializedResponse }>();
  private readonly members = new Map<string, { at: number; value: unknown }>();

  constructor(private readonly options: { membersTtlMs: number; maxEntries?: number }) {}

  /** Component list of a product as seen by one caller, cached briefly. */
  async membersOf<T>(caller: string, system: string, load: () => Promise<T>): Promise<T> {
    const key = `${caller}\u0000${system}`;
    const hit = this.members.get(key);
    if (hit && Date.now() - hit.at < this.options.membersTtlMs) return hit.value as T;
    const value = await load();
    this.remember(this.members, key, { at: Date.now(), value });
    return value;
  }

  /** The serialized body for `key`, built by `build` when missing or stale. */
  async body(system: string, key: string, build: () => Promise<unknown>): Promise<SerializedResponse> {
    const hit = this.bodies.get(system);
    if (hit && hit.key === key) return hit.response;
    const json = Buffer.from(JSON.stringify(await build()));
    const response = {
      etag: `"${createHash('sha1').update(json).digest('base64url')}"`,
      json,
      gzip: gzipSync(json),
    };
    this.remember(this.bodies, system, { key, response });
    return response;
  }

  private remember<V>(map: Map<string, V>, key: string, value: V) {
    map.delete(key);
    map.set(key, value);
    // Oldest first: Maps keep insertion order.
    while (map.size > (this.options.maxEntries ?? 200)) {
      map.delete(map.keys().next().value!);
    }
  }
}
