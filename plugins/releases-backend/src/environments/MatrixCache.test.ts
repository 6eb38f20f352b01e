import { gunzipSync } from 'node:zlib';
import { CachedVersion, MatrixCache } from './MatrixCache';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('MatrixCache', () => {
  it('builds once for concurrent requests of the same key and serves the stored body after', async () => {
    const cache = new MatrixCache({ membersTtlMs: 1000 });
    const gate = deferred<unknown>();
    const build = jest.fn(() => gate.promise);
    const first = cache.body('system:default/shop', 'v1', build);
    const second = cache.body('system:default/shop', 'v1', build);
    gate.resolve({ rows: [1, 2, 3] });
    const [a, b] = await Promise.all([first, second]);
    expect(build).toHaveBeenCalledTimes(1);
    expect(a).toBe(b);
    expect(JSON.parse(a.json.toString('utf8'))).toEqual({ rows: [1, 2, 3] });
    expect(JSON.parse(gunzipSync(a.gzip).toString('utf8'))).toEqual({
      rows: [1, 2, 3],
    });
    expect(a.etag).toMatch(/^"[\w-]+"$/);

    await expect(cache.body('system:default/shop', 'v1', build)).resolves.toBe(
      a,
    );
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('rebuilds for a new key, with a new ETag', async () => {
    const cache = new MatrixCache({ membersTtlMs: 1000 });
    const v1 = await cache.body('s', 'v1', async () => ({ version: 1 }));
    const v2 = await cache.body('s', 'v2', async () => ({ version: 2 }));
    expect(v2.etag).not.toBe(v1.etag);
    expect(JSON.parse(v2.json.toString('utf8'))).toEqual({ version: 2 });
  });

  it('hands a rebuild the last body built, to patch from', async () => {
    const cache = new MatrixCache({ membersTtlMs: 1000 });
    const first = jest.fn(async () => ({ rows: [1] }));
    await cache.body('s', 'v1', first);
    expect(first).toHaveBeenCalledWith(undefined);
    const second = jest.fn(
      async (previous?: { key: string; value: unknown }) => ({
        rows: [...(previous!.value as { rows: number[] }).rows, 2],
      }),
    );
    const v2 = await cache.body('s', 'v2', second);
    expect(second).toHaveBeenCalledWith({ key: 'v1', value: { rows: [1] } });
    expect(JSON.parse(v2.json.toString('utf8'))).toEqual({ rows: [1, 2] });
  });

  it('keeps the newer body when an older, slower build finishes last', async () => {
    const cache = new MatrixCache({ membersTtlMs: 1000 });
    const slow = deferred<unknown>();
    const older = cache.body('s', 'v1', () => slow.promise);
    const newer = await cache.body('s', 'v2', async () => ({ version: 2 }));
    slow.resolve({ version: 1 });
    await older;
    const served = await cache.body('s', 'v2', async () => {
      throw new Error('must not rebuild');
    });
    expect(served).toBe(newer);
  });

  it('does not keep a failed build: the next request tries again', async () => {
    const cache = new MatrixCache({ membersTtlMs: 1000 });
    await expect(
      cache.body('s', 'v1', async () =>
        Promise.reject(new Error('database gone')),
      ),
    ).rejects.toThrow('database gone');
    const ok = await cache.body('s', 'v1', async () => ({ ok: true }));
    expect(JSON.parse(ok.json.toString('utf8'))).toEqual({ ok: true });
  });
});

describe('CachedVersion', () => {
  it('reads at most once per max age until invalidated', async () => {
    let n = 0;
    const read = jest.fn(async () => String(++n));
    const version = new CachedVersion(read, 60_000);
    expect(await version.get()).toBe('1');
    expect(await version.get()).toBe('1');
    expect(read).toHaveBeenCalledTimes(1);
    version.invalidate();
    expect(await version.get()).toBe('2');
  });

  it('forgets a failed read', async () => {
    const read = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(new Error('timeout'))
      .mockResolvedValueOnce('7');
    const version = new CachedVersion(read, 60_000);
    await expect(version.get()).rejects.toThrow('timeout');
    expect(await version.get()).toBe('7');
  });
});
