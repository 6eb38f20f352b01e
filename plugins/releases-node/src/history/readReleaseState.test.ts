import { GitFixture } from '../testUtils';
import { GitRepository } from '../git/GitRepository';
import {
  NotAReleaseTagError,
  readReleases,
  readUnreleased,
} from './readReleaseState';

// Real git processes: slow on a loaded CI machine, never a timing assertion.
jest.setTimeout(60_000);

describe('readReleases', () => {
  let fx: GitFixture;
  beforeEach(() => {
    fx = GitFixture.create();
  });
  afterEach(() => fx.cleanup());

  const descriptions = (r: {
    changelog: {
      sections: Array<{ id: string; entries: Array<{ description: string }> }>;
    };
  }) =>
    r.changelog.sections
      .filter(s => s.id !== 'breaking')
      .flatMap(s => s.entries.map(e => e.description));

  it('cuts history into releases: finals since the previous final, rcs since the previous tag', async () => {
    fx.commit('feat: one');
    fx.tag('v1.0.0', { annotated: true });
    fx.commit('feat: two');
    fx.tag('v1.1.0-rc.1');
    fx.commit('fix: three');
    fx.tag('v1.1.0-rc.2');
    fx.tag('v1.1.0'); // same commit as rc.2
    fx.commit('fix: unreleased');
    const repo = await GitRepository.open(fx.dir);
    const releases = await readReleases(repo, {});
    expect(releases.map(r => [r.tag, r.prerelease])).toEqual([
      ['v1.1.0', false],
      ['v1.1.0-rc.2', true],
      ['v1.1.0-rc.1', true],
      ['v1.0.0', false],
    ]);
    const [final, rc2, rc1, first] = releases;
    expect(descriptions(final)).toEqual(['two', 'three']);
    expect(final.changelog.previousVersion).toBe('1.0.0');
    expect(descriptions(rc2)).toEqual(['three']);
    expect(rc2.changelog.previousVersion).toBe('1.1.0-rc.1');
    expect(descriptions(rc1)).toEqual(['two']);
    expect(descriptions(first)).toEqual(['one']);
    expect(first.changelog.previousVersion).toBeNull();
    expect(final.date).toMatch(/^2026-01-01T/);
    expect(final.changelog.date).toBe(final.date.slice(0, 10));
  });

  it('reads only tags of its prefix, and includes merged branches', async () => {
    fx.commit('feat: base');
    fx.tag('cart-v1.0.0');
    fx.tag('v5.0.0');
    fx.checkout('feature', { create: true });
    fx.commit('feat(cart): coupons');
    fx.checkout('main');
    fx.merge('feature', 'Merge pull request #2 from shop/feature');
    fx.tag('cart-v1.1.0');
    const repo = await GitRepository.open(fx.dir);
    const releases = await readReleases(repo, { tagPrefix: 'cart-v' });
    expect(releases.map(r => r.version)).toEqual(['1.1.0', '1.0.0']);
    expect(descriptions(releases[0])).toEqual(['coupons']);
    expect(await readReleases(repo, { tagPrefix: 'none-' })).toEqual([]);
  });
});

describe('readUnreleased', () => {
  let fx: GitFixture;
  beforeEach(() => {
    fx = GitFixture.create();
  });
  afterEach(() => fx.cleanup());

  it('reads from the newest final tag to HEAD', async () => {
    fx.commit('feat: a');
    fx.tag('v1.0.0');
    fx.commit('fix: b');
    fx.tag('v1.0.1-rc.1');
    const head = fx.commit('feat(ui): c');
    const repo = await GitRepository.open(fx.dir);
    const state = await readUnreleased(repo, {});
    expect(state).toMatchObject({
      current: '1.0.0',
      currentTag: 'v1.0.0',
      next: '1.1.0',
      bump: 'minor',
      commits: 2,
      headSha: head,
    });
    expect(state.changelog.sections.map(s => s.id)).toEqual([
      'features',
      'fixes',
    ]);
  });

  it('starts a maintenance branch from its own release, not a higher one elsewhere', async () => {
    fx.commit('feat: a');
    fx.tag('v1.0.0');
    fx.checkout('release/1.x', { create: true });
    fx.commit('fix: backport');
    fx.tag('v1.0.1');
    fx.commit('fix: another backport');
    fx.checkout('main');
    fx.commit('feat!: new api');
    fx.tag('v2.0.0');
    fx.checkout('release/1.x');
    const repo = await GitRepository.open(fx.dir);
    const state = await readUnreleased(repo, {});
    expect(state).toMatchObject({
      current: '1.0.1',
      next: '1.0.2',
      bump: 'patch',
      commits: 1,
    });
  });

  it('takes the highest release reachable, not the nearest', async () => {
    fx.commit('feat: a');
    fx.tag('v1.0.0');
    fx.checkout('hotfix', { create: true });
    fx.commit('fix: urgent');
    fx.tag('v1.4.0'); // an out-of-order release on a merged branch
    fx.checkout('main');
    fx.commit('feat: b');
    fx.tag('v1.1.0');
    fx.merge('hotfix', 'Merge branch hotfix');
    fx.commit('fix: c');
    const repo = await GitRepository.open(fx.dir);
    const state = await readUnreleased(repo, {});
    // Since v1.4.0: feat b (not in the hotfix branch), the merge and fix c.
    expect(state).toMatchObject({
      current: '1.4.0',
      next: '1.5.0',
      commits: 3,
    });
  });

  it('skips prerelease tags and tags that only look like releases', async () => {
    fx.commit('feat: a');
    fx.tag('v1.0.0');
    fx.commit('fix: b');
    fx.tag('v1.0.1-rc.1');
    fx.tag('v1.x');
    fx.commit('fix: c');
    const repo = await GitRepository.open(fx.dir);
    const state = await readUnreleased(repo, {});
    expect(state).toMatchObject({
      current: '1.0.0',
      currentTag: 'v1.0.0',
      commits: 2,
    });
  });

  it('finds a release whose build metadata has a hyphen', async () => {
    fx.commit('feat: a');
    fx.tag('v1.2.0+build-7');
    fx.commit('fix: b');
    const repo = await GitRepository.open(fx.dir);
    const state = await readUnreleased(repo, {});
    expect(state).toMatchObject({
      current: '1.2.0+build-7',
      next: '1.2.1',
      commits: 1,
    });
  });

  it('has no current release when --from is below every tag', async () => {
    const root = fx.commit('chore: init');
    fx.commit('feat: a');
    fx.tag('v1.0.0');
    fx.commit('feat: b');
    const repo = await GitRepository.open(fx.dir);
    const state = await readUnreleased(repo, { from: root });
    expect(state).toMatchObject({
      current: null,
      currentTag: null,
      next: '1.0.0',
      commits: 2,
    });
  });

  it('reads every other history from a root commit, as git log <to> ^<root> does', async () => {
    const root = fx.commit('chore: init');
    fx.commit('feat: a');
    fx.git('checkout', '--quiet', '--orphan', 'imported');
    fx.git('rm', '-r', '--quiet', '--cached', '.');
    fx.git('clean', '-fdq');
    fx.commit('feat: imported history');
    fx.checkout('main');
    fx.git(
      'merge',
      '--quiet',
      '--no-ff',
      '--allow-unrelated-histories',
      '-m',
      'Merge imported',
      'imported',
    );
    const repo = await GitRepository.open(fx.dir);
    const viaGit = fx.git('rev-list', 'HEAD', `^${root}`).split('\n').length;
    const state = await readUnreleased(repo, { from: root });
    expect(state.commits).toBe(viaGit);
    expect(state.commits).toBe(3);
    expect(
      state.changelog.sections.flatMap(s => s.entries.map(e => e.description)),
    ).toEqual(expect.arrayContaining(['a', 'imported history']));
  });

  it('uses the release at a --from commit in the middle of history', async () => {
    fx.commit('feat: a');
    fx.tag('v1.0.0');
    const mid = fx.commit('fix: b');
    fx.commit('feat: c');
    fx.tag('v1.1.0');
    fx.commit('fix: d');
    const repo = await GitRepository.open(fx.dir);
    const state = await readUnreleased(repo, { from: mid });
    expect(state).toMatchObject({
      current: '1.0.0',
      next: '1.1.0',
      bump: 'minor',
      commits: 2,
    });
  });

  it('refuses a --from tag that is not a release of the prefix', async () => {
    fx.commit('feat: a');
    fx.tag('nightly');
    const repo = await GitRepository.open(fx.dir);
    await expect(readUnreleased(repo, { from: 'nightly' })).rejects.toThrow(
      NotAReleaseTagError,
    );
  });
});
