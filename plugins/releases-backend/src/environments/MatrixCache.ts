import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

export interface SerializedResponse {
  etag: string;
  json: Buffer;
  gzip: Buffer;
}

/**
 * The product matrix is large (about 2 MB of JSON for 1,000 components) and
 * read far more often than it changes, so it is kept serialized and
 * compressed per product and rebuilt only when the environment state
 * version or the product's component list changes. Concurrent requests
 * share one rebuild. The component list comes from the catalog with the
 * caller's credentials, so it is cached per caller for a short time only.
 */
/** The last body built for a product: what a patch starts from. */
export interface PreviousBody {
  key: string;
  value: unknown;
}

export class MatrixCache {
  private readonly bodies = new Map<
    string,
    { key: string; response: SerializedResponse; value: unknown }
  >();
  private readonly building = new Map<
    string,
    { key: string; promise: Promise<SerializedResponse> }
  >();
  private readonly members = new Map<string, { at: number; value: unknown }>();

  constructor(
    private readonly options: { membersTtlMs: number; maxEntries?: number },
  ) {}

  /** Component list of a product as seen by one caller, cached briefly. */
  async membersOf<T>(
    caller: string,
    system: string,
    load: () => Promise<T>,
  ): Promise<T> {
    const key = `${caller}\u0000${system}`;
    const hit = this.members.get(key);
    if (hit && Date.now() - hit.at < this.options.membersTtlMs)
      return hit.value as T;
    const value = await load();
    this.remember(this.members, key, { at: Date.now(), value });
    return value;
  }

  /**
   * The serialized body for `key`, built by `build` when missing or stale.
   * `build` gets the last body built for the system (its key and value),
   * so it can patch what changed instead of reading everything again.
   */
  body(
    system: string,
    key: string,
    build: (previous?: PreviousBody) => Promise<unknown>,
  ): Promise<SerializedResponse> {
    const hit = this.bodies.get(system);
    if (hit && hit.key === key) return Promise.resolve(hit.response);
    const pending = this.building.get(system);
    if (pending && pending.key === key) return pending.promise;
    return this.rebuild(system, key, build);
  }

  private rebuild(
    system: string,
    key: string,
    build: (previous?: PreviousBody) => Promise<unknown>,
  ): Promise<SerializedResponse> {
    const entry = { key } as {
      key: string;
      promise: Promise<SerializedResponse>;
    };
    const last = this.bodies.get(system);
    entry.promise = (async () => {
      const value = await build(
        last ? { key: last.key, value: last.value } : undefined,
      );
      const json = Buffer.from(JSON.stringify(value));
      // Compressed off the event loop: other requests keep being served.
      const response = {
        etag: `"${createHash('sha1').update(json).digest('base64url')}"`,
        json,
        gzip: await gzipAsync(json),
      };
      // A slower build of an older key must not replace a newer body.
      if (this.building.get(system) === entry) {
        this.remember(this.bodies, system, { key, response, value });
      }
      return response;
    })().finally(() => {
      if (this.building.get(system) === entry) this.building.delete(system);
    });
    this.building.set(system, entry);
    return entry.promise;
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

/**
 * Reads a version from the database at most once per `maxAgeMs`; writes of
 * this instance call `invalidate()` so its own changes show at once. Other
 * instances' changes show within `maxAgeMs`.
 */
export class CachedVersion {
  private value?: { at: number; promise: Promise<string> };

  constructor(
    private readonly read: () => Promise<string>,
    private readonly maxAgeMs: number,
  ) {}

  get(): Promise<string> {
    if (!this.value || Date.now() - this.value.at >= this.maxAgeMs) {
      const promise = this.read();
      this.value = { at: Date.now(), promise };
      promise.catch(() => {
        if (this.value?.promise === promise) this.value = undefined;
      });
    }
    return this.value.promise;
  }

  invalidate(): void {
    this.value = undefined;
  }
}
