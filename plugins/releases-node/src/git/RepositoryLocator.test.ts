import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitFixture } from '../testUtils';
import { RepositoryLocator, isRemoteLocation } from './RepositoryLocator';
import { RepositoryNotFoundError } from './errors';

// Real git processes: slow on a loaded CI machine, never a timing assertion.
jest.setTimeout(60_000);

describe('RepositoryLocator', () => {
  let fx: GitFixture;
  let cacheDir: string;
  beforeEach(() => {
    fx = GitFixture.create();
    cacheDir = mkdtempSync(join(tmpdir(), 'releases-cache-'));
  });
  afterEach(() => {
    fx.cleanup();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('tells URLs from paths', () => {
    expect(isRemoteLocation('https://github.com/shop/cart.git')).toBe(true);
    expect(isRemoteLocation('git@github.com:shop/cart.git')).toBe(true);
    expect(isRemoteLocation('file:///srv/git/cart')).toBe(true);
    expect(isRemoteLocation('../../data/repos/cart')).toBe(false);
    expect(isRemoteLocation('/srv/git/cart')).toBe(false);
  });

  it('opens local paths relative to its base folder', async () => {
    fx.commit('feat: a');
    const locator = new RepositoryLocator({
      cacheDir,
      baseDir: join(fx.dir, '..'),
    });
    const repo = await locator.open(fx.dir.split('/').pop()!);
    expect(repo.dir).toBe(fx.dir);
  });

  it('clones a remote once and fetches new commits and tags afterwards', async () => {
    fx.commit('feat: a');
    fx.tag('v1.0.0');
    const url = `file://${fx.dir}`;
    const locator = new RepositoryLocator({ cacheDir });
    const first = await locator.open(url);
    expect((await first.listTags()).map(t => t.name)).toEqual(['v1.0.0']);
    expect(readdirSync(cacheDir)).toHaveLength(1);

    const head = fx.commit('fix: b');
    fx.tag('v1.0.1');
    const again = await locator.open(url);
    expect(again.dir).toBe(first.dir);
    expect(await again.resolveCommit('HEAD')).toBe(head);
    expect((await again.listTags()).map(t => t.name)).toEqual([
      'v1.0.0',
      'v1.0.1',
    ]);
  });

  it('waits between fetches when a fetch interval is set', async () => {
    fx.commit('feat: a');
    const url = `file://${fx.dir}`;
    const locator = new RepositoryLocator({
      cacheDir,
      fetchIntervalMs: 3_600_000,
    });
    const repo = await locator.open(url);
    const before = await repo.resolveCommit('HEAD');
    fx.commit('fix: b');
    const again = await locator.open(url);
    expect(await again.resolveCommit('HEAD')).toBe(before);
  });

  it('fails cleanly for a remote that does not exist, leaving no partial clone', async () => {
    const locator = new RepositoryLocator({ cacheDir });
    await expect(locator.open(`file://${fx.dir}-missing`)).rejects.toThrow(
      RepositoryNotFoundError,
    );
    expect(readdirSync(cacheDir)).toEqual([]);
    await expect(locator.open(' padded')).rejects.toThrow(/whitespace/);
  });
});
