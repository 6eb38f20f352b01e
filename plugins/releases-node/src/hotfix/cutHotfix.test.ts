import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitFixture } from '../testUtils';
import { UnknownRefError } from '../git/errors';
import { cutHotfix } from './cutHotfix';
import type { CutHotfixOptions } from './cutHotfix';
import { fixesNotOnMain } from './fixesNotOnMain';
import {
  HotfixAlreadyAppliedError,
  HotfixBranchError,
  HotfixConflictError,
  HotfixRaceError,
  InvalidHotfixRequestError,
  InvalidHotfixTargetError,
} from './errors';

// Every case runs Git many times: on a loaded machine 5 s is not enough.
jest.setTimeout(60_000);

const AUTHOR = { name: 'Release Bot', email: 'releases@example.com' };
const NOW = new Date('2026-12-01T10:00:00Z');

function commitFile(
  fx: GitFixture,
  file: string,
  content: string,
  message: string,
): string {
  writeFileSync(join(fx.dir, file), content);
  fx.git('add', file);
  fx.git('commit', '--quiet', '--no-verify', '-m', message);
  return fx.head();
}

/** Everything a hotfix could leave behind, to compare before and after. */
function snapshot(fx: GitFixture) {
  return {
    refs: fx.git('for-each-ref', '--format=%(refname) %(objectname)'),
    worktrees: fx.git('worktree', 'list', '--porcelain'),
    status: fx.git('status', '--porcelain', '--untracked-files=all'),
    head: fx.git('symbolic-ref', 'HEAD'),
    tempDirs: readdirSync(tmpdir()).filter(d =>
      d.startsWith('releases-hotfix-'),
    ),
  };
}

// This file's own TMPDIR: tests in parallel workers (the backend's hotfix
// tests) leave their temporary folders elsewhere, so the snapshots above
// see only what these cuts leave.
const outerTmp = process.env.TMPDIR;
let ownTmp: string;
beforeAll(() => {
  ownTmp = mkdtempSync(join(tmpdir(), 'releases-tmp-'));
  process.env.TMPDIR = ownTmp;
});
afterAll(() => {
  if (outerTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = outerTmp;
  rmSync(ownTmp, { recursive: true, force: true });
});

describe('cutHotfix', () => {
  let fx: GitFixture;
  let v140: string;
  let fix: string;
  const cut = (overrides: Partial<CutHotfixOptions> = {}) =>
    cutHotfix({
      repoPath: fx.dir,
      fixShas: [fix],
      target: 'v1.4.0',
      author: AUTHOR,
      now: NOW,
      ...overrides,
    });

  beforeEach(() => {
    fx = GitFixture.create();
    fx.commit('feat: cart');
    v140 = fx.commit('feat: checkout');
    fx.tag('v1.4.0', { annotated: true });
    fx.commit('feat: wishlist'); // on main only: must not reach the patch
    fix = fx.commit('fix(cart): keep the basket on reload');
  });

  afterEach(() => fx.cleanup());

  it('creates release/X.Y from the target tag and tags the cherry-pick as the next patch', async () => {
    const mainBefore = fx.git('rev-parse', 'main');
    const statusBefore = fx.git('status', '--porcelain');

    const result = await cut({ repoUrl: 'https://github.com/acme/cart.git' });

    expect(result).toMatchObject({
      branch: 'release/1.4',
      createdBranch: true,
      tag: 'v1.4.1',
      version: '1.4.1',
      previousVersion: '1.4.0',
      changelogUpdated: false,
    });
    expect(result.tip).toBe(result.sha);
    expect(fx.git('rev-parse', 'release/1.4')).toBe(result.sha);
    expect(fx.git('rev-parse', 'v1.4.1^{commit}')).toBe(result.sha);
    expect(fx.git('rev-parse', `${result.sha}^`)).toBe(v140);
    expect(fx.git('cat-file', '-t', 'v1.4.1')).toBe('tag');
    // The picked commit says where it came from, keeps its author, and is
    // committed by the hotfix's identity.
    expect(fx.git('log', '-1', '--format=%B', result.sha)).toContain(
      `(cherry picked from commit ${fix})`,
    );
    expect(fx.git('log', '-1', '--format=%an|%cn|%ce', result.sha)).toBe(
      'Test Author|Release Bot|releases@example.com',
    );
    // Only the fix: main's feature stays off the patch.
    expect(fx.git('ls-tree', '--name-only', 'v1.4.1')).toBe(
      'change-1.txt\nchange-2.txt\nchange-4.txt',
    );
    // The changelog of the picked commit, linked where it now is, in the tag.
    expect(result.changelogMarkdown).toBe(
      `## [1.4.1](https://github.com/acme/cart/compare/v1.4.0...v1.4.1) (2026-12-01)\n\n` +
        `### Bug Fixes\n\n` +
        `* **cart:** keep the basket on reload ([${result.sha.slice(
          0,
          7,
        )}](https://github.com/acme/cart/commit/${result.sha}))\n`,
    );
    const tagMessage = fx.git(
      'for-each-ref',
      '--format=%(contents)',
      'refs/tags/v1.4.1',
    );
    expect(tagMessage).toContain('Release v1.4.1: hotfix of v1.4.0');
    expect(tagMessage).toContain('* **cart:** keep the basket on reload');
    expect(
      fx.git(
        'for-each-ref',
        '--format=%(taggername) %(taggeremail)',
        'refs/tags/v1.4.1',
      ),
    ).toBe('Release Bot <releases@example.com>');
    // The repository's own checkout is untouched.
    expect(fx.git('symbolic-ref', 'HEAD')).toBe('refs/heads/main');
    expect(fx.git('rev-parse', 'main')).toBe(mainBefore);
    expect(fx.git('status', '--porcelain')).toBe(statusBefore);
    expect(fx.git('worktree', 'list', '--porcelain')).not.toContain(
      'releases-hotfix-',
    );
  });

  it('puts the fix on the tip of an existing branch after its previous patch', async () => {
    const first = await cut();
    const second = fx.commit('fix: totals round half up');

    const result = await cut({ fixShas: [second] });

    expect(result).toMatchObject({
      branch: 'release/1.4',
      createdBranch: false,
      tag: 'v1.4.2',
      previousVersion: '1.4.1',
    });
    expect(fx.git('rev-parse', `${result.sha}^`)).toBe(first.sha);
    expect(fx.git('rev-parse', 'release/1.4')).toBe(result.sha);
    expect(fx.git('rev-parse', 'v1.4.1^{commit}')).toBe(first.sha);
    // The section lists this patch's fix only.
    expect(result.changelogMarkdown).toContain('totals round half up');
    expect(result.changelogMarkdown).not.toContain('keep the basket');
  });

  it('takes the next free patch after the highest X.Y tag, even when hotfixing an older one', async () => {
    await cut(); // v1.4.1
    fx.tag('v1.4.0-rc.9'); // prereleases and other lines do not count
    fx.tag('v1.5.0');
    const other = fx.commit('fix: another');

    const result = await cut({ fixShas: [other], target: 'v1.4.0' });

    expect(result.tag).toBe('v1.4.2');
  });

  it('applies several commits of one change in order, in one patch', async () => {
    const second = fx.commit('fix(cart): and on logout');

    const result = await cut({ fixShas: [fix, second] });

    expect(result.cherryPicks).toHaveLength(2);
    expect(result.sha).toBe(result.cherryPicks[1]);
    expect(fx.git('rev-parse', `${result.cherryPicks[1]}^`)).toBe(
      result.cherryPicks[0],
    );
    expect(fx.git('rev-parse', `${result.cherryPicks[0]}^`)).toBe(v140);
    expect(result.changelogMarkdown).toContain('keep the basket on reload');
    expect(result.changelogMarkdown).toContain('and on logout');
  });

  it('works with a per-component tag prefix', async () => {
    fx.tag('cart-v1.4.0', { at: v140 });
    fx.tag('api-v1.4.3', { at: v140 });

    const result = await cut({ target: 'cart-v1.4.0', tagPrefix: 'cart-v' });

    expect(result).toMatchObject({
      branch: 'release/cart-1.4',
      tag: 'cart-v1.4.1',
      version: '1.4.1',
    });
    expect(fx.git('rev-parse', 'cart-v1.4.1^{commit}')).toBe(result.sha);
    // The plain `v` line is another component's: untouched.
    expect(fx.git('tag', '--list', 'v1.4.*')).toBe('v1.4.0');
    await expect(
      cut({ target: 'v1.4.0', tagPrefix: 'cart-v' }),
    ).rejects.toThrow(InvalidHotfixTargetError);
  });

  it('prepends the section to CHANGELOG.md in a chore(release) commit and tags that', async () => {
    const fx2 = GitFixture.create();
    try {
      commitFile(
        fx2,
        'CHANGELOG.md',
        '# Changelog\n\n## 1.4.0 (2026-11-01)\n\n### Features\n\n* checkout\n',
        'chore(release): v1.4.0',
      );
      fx2.tag('v1.4.0', { annotated: true });
      const fix2 = fx2.commit('fix: keep the basket');

      const result = await cutHotfix({
        repoPath: fx2.dir,
        fixShas: [fix2],
        target: 'v1.4.0',
        author: AUTHOR,
        now: NOW,
      });

      expect(result.changelogUpdated).toBe(true);
      expect(result.tip).not.toBe(result.sha);
      expect(fx2.git('rev-parse', `${result.tip}^`)).toBe(result.sha);
      expect(fx2.git('rev-parse', 'v1.4.1^{commit}')).toBe(result.tip);
      expect(fx2.git('rev-parse', 'release/1.4')).toBe(result.tip);
      expect(fx2.git('log', '-1', '--format=%s|%an', result.tip)).toBe(
        'chore(release): v1.4.1|Release Bot',
      );
      expect(
        fx2.git('diff-tree', '--no-commit-id', '--name-only', '-r', result.tip),
      ).toBe('CHANGELOG.md');
      expect(fx2.git('show', 'release/1.4:CHANGELOG.md')).toBe(
        [
          '# Changelog',
          '',
          '## 1.4.1 (2026-12-01)',
          '',
          '### Bug Fixes',
          '',
          `* keep the basket (${result.sha.slice(0, 7)})`,
          '',
          '## 1.4.0 (2026-11-01)',
          '',
          '### Features',
          '',
          '* checkout',
        ].join('\n'),
      );
      // The repository's own CHANGELOG.md is still the old one.
      expect(fx2.git('status', '--porcelain')).toBe('');
      expect(fx2.git('show', 'main:CHANGELOG.md')).not.toContain('1.4.1');
    } finally {
      fx2.cleanup();
    }
  });

  it('leaves nothing behind when a fix conflicts, naming the files', async () => {
    const fx2 = GitFixture.create();
    try {
      commitFile(fx2, 'price.txt', 'price = 1\n', 'feat: price');
      fx2.tag('v1.4.0');
      commitFile(fx2, 'price.txt', 'price = 2\n', 'feat: new price');
      const clean = fx2.commit('fix: applies cleanly');
      const conflicting = commitFile(
        fx2,
        'price.txt',
        'price = 3\n',
        'fix: price',
      );
      const before = snapshot(fx2);

      const error = await cutHotfix({
        repoPath: fx2.dir,
        fixShas: [clean, conflicting],
        target: 'v1.4.0',
        author: AUTHOR,
      }).catch(e => e);

      expect(error).toBeInstanceOf(HotfixConflictError);
      expect(error.files).toEqual(['price.txt']);
      expect(error.fixSha).toBe(conflicting);
      expect(error.message).toContain('conflicts in price.txt');
      expect(snapshot(fx2)).toEqual(before);
      expect(fx2.git('branch', '--list', 'release/*')).toBe('');
    } finally {
      fx2.cleanup();
    }
  });

  it('leaves an existing branch where it was when a fix conflicts', async () => {
    commitFile(fx, 'change-4.txt', 'changed on main\n', 'fix: reword');
    const first = await cut(); // release/1.4 holds change-4.txt
    const conflicting = commitFile(
      fx,
      'change-4.txt',
      'changed again\n',
      'fix: reword again',
    );
    const before = snapshot(fx);

    await expect(cut({ fixShas: [conflicting] })).rejects.toThrow(
      HotfixConflictError,
    );

    expect(snapshot(fx)).toEqual(before);
    expect(fx.git('rev-parse', 'release/1.4')).toBe(first.sha);
  });

  it('refuses a target that is not a final release tag', async () => {
    fx.tag('v1.5.0-rc.1');
    fx.tag('latest');
    const before = snapshot(fx);

    await expect(cut({ target: 'v1.5.0-rc.1' })).rejects.toThrow(
      /Cannot hotfix 'v1.5.0-rc.1': a prerelease/,
    );
    await expect(cut({ target: 'latest' })).rejects.toThrow(
      /not a release tag with prefix 'v'/,
    );
    await expect(cut({ target: 'v1.4' })).rejects.toThrow(
      InvalidHotfixTargetError,
    );
    expect(snapshot(fx)).toEqual(before);
  });

  it('refuses an unknown target', async () => {
    await expect(cut({ target: 'v1.4.7' })).rejects.toThrow(
      /Cannot hotfix 'v1.4.7': no such tag/,
    );
    expect(fx.git('branch', '--list', 'release/*')).toBe('');
  });

  it('refuses a fix the branch already holds', async () => {
    await cut();
    const before = snapshot(fx);

    // Picked before: the branch holds a copy, so the pick would be empty.
    const again = await cut().catch(e => e);
    expect(again).toBeInstanceOf(HotfixAlreadyAppliedError);
    expect(again.message).toContain(
      `${fix.slice(0, 12)} is already contained in 'release/1.4'`,
    );
    // Part of the release itself.
    await expect(cut({ fixShas: [v140] })).rejects.toThrow(
      HotfixAlreadyAppliedError,
    );
    expect(snapshot(fx)).toEqual(before);
  });

  it('refuses a branch whose tip does not contain the target', async () => {
    fx.git('branch', 'release/1.4', 'main~3');

    await expect(cut()).rejects.toThrow(
      /Cannot cut a hotfix on 'release\/1.4': its tip [0-9a-f]{12} does not contain v1.4.0/,
    );
    expect(fx.git('tag', '--list', 'v1.4.*')).toBe('v1.4.0');
  });

  it('refuses a branch that lacks the latest patch of its line', async () => {
    // v1.4.1 was tagged off the branch: a patch on the branch would drop it.
    fx.git('branch', 'release/1.4', 'v1.4.0');
    fx.tag('v1.4.1', { at: 'main' });

    await expect(cut()).rejects.toThrow(
      /does not contain v1.4.1, the latest 1.4 release/,
    );
    expect(fx.git('rev-parse', 'release/1.4')).toBe(v140);
    expect(fx.git('tag', '--list', 'v1.4.2')).toBe('');
  });

  it('refuses a branch checked out in a work tree', async () => {
    fx.git('branch', 'release/1.4', 'v1.4.0');
    fx.checkout('release/1.4');

    await expect(cut()).rejects.toThrow(HotfixBranchError);
    await expect(cut()).rejects.toThrow(/checked out in/);
    expect(fx.git('rev-parse', 'release/1.4')).toBe(v140);
  });

  it('refuses bad fix commits', async () => {
    await expect(cut({ fixShas: [] })).rejects.toThrow(
      InvalidHotfixRequestError,
    );
    await expect(cut({ fixShas: ['HEAD~1'] })).rejects.toThrow(
      /'HEAD~1' is not a commit id/,
    );
    await expect(cut({ fixShas: ['deadbeef'] })).rejects.toThrow(
      UnknownRefError,
    );
    fx.checkout('topic', { create: true });
    fx.commit('fix: on a topic');
    fx.checkout('main');
    const merge = fx.merge('topic', 'Merge branch topic');
    await expect(cut({ fixShas: [merge] })).rejects.toThrow(
      /is a merge commit/,
    );
  });

  it('leaves the branch unmoved when the patch tag appears meanwhile', async () => {
    await cut(); // release/1.4 at v1.4.1
    const tipBefore = fx.git('rev-parse', 'release/1.4');
    const next = fx.commit('fix: second');

    const seen: string[] = [];
    const error = await cut({
      fixShas: [next],
      beforePublish: ({ tag }) => {
        seen.push(tag);
        fx.git('tag', tag, 'main');
      },
    }).catch(e => e);

    expect(seen).toEqual(['v1.4.2']);
    expect(error).toBeInstanceOf(HotfixRaceError);
    expect(error.message).toContain('tag v1.4.2 was created meanwhile');
    expect(fx.git('rev-parse', 'release/1.4')).toBe(tipBefore);
    expect(fx.git('rev-parse', 'v1.4.2')).toBe(fx.git('rev-parse', 'main'));
    expect(fx.git('worktree', 'list', '--porcelain')).not.toContain(
      'releases-hotfix-',
    );
  });

  it('creates no branch and no tag when the branch appears meanwhile', async () => {
    const error = await cut({
      beforePublish: () => {
        fx.git('branch', 'release/1.4', 'v1.4.0');
      },
    }).catch(e => e);

    expect(error).toBeInstanceOf(HotfixRaceError);
    expect(error.message).toContain("'release/1.4' was created meanwhile");
    expect(fx.git('rev-parse', 'release/1.4')).toBe(v140);
    expect(fx.git('tag', '--list', 'v1.4.1')).toBe('');
  });

  it('creates no tag when the branch moves meanwhile', async () => {
    await cut();
    const next = fx.commit('fix: second');
    let movedTo = '';

    await expect(
      cut({
        fixShas: [next],
        beforePublish: () => {
          movedTo = fx.git(
            'commit-tree',
            '-p',
            'release/1.4',
            '-m',
            'fix: pushed by someone else',
            'release/1.4^{tree}',
          );
          fx.git('update-ref', 'refs/heads/release/1.4', movedTo);
        },
      }),
    ).rejects.toThrow(/'release\/1.4' moved meanwhile/);
    expect(fx.git('rev-parse', 'release/1.4')).toBe(movedTo);
    expect(fx.git('tag', '--list', 'v1.4.2')).toBe('');
  });

  it('works in a bare repository', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'releases-bare-'));
    try {
      execFileSync('git', ['clone', '--quiet', '--bare', fx.dir, bare]);

      const result = await cutHotfix({
        repoPath: bare,
        fixShas: [fix],
        target: 'v1.4.0',
        author: AUTHOR,
        now: NOW,
      });

      const git = (...args: string[]) =>
        execFileSync('git', args, { cwd: bare, encoding: 'utf8' }).trim();
      expect(result.tag).toBe('v1.4.1');
      expect(git('rev-parse', 'release/1.4')).toBe(result.sha);
      expect(git('rev-parse', 'v1.4.1^{commit}')).toBe(result.sha);
      expect(git('rev-parse', `${result.sha}^`)).toBe(v140);
      expect(git('worktree', 'list')).not.toContain('releases-hotfix-');
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});

describe('fixesNotOnMain', () => {
  let fx: GitFixture;
  let fromMain: string;

  beforeEach(() => {
    fx = GitFixture.create();
    commitFile(fx, 'CHANGELOG.md', '# Changelog\n', 'chore: changelog');
    fx.tag('v1.4.0');
    fx.commit('feat: next feature');
    fromMain = fx.commit('fix: from main');
  });

  afterEach(() => fx.cleanup());

  const onBranch = (message: string) => {
    fx.checkout('release/1.4');
    const sha = fx.commit(message);
    fx.checkout('main');
    return sha;
  };
  const check = () =>
    fixesNotOnMain(fx.dir, {
      branch: 'release/1.4',
      base: 'v1.4.0',
      mainRef: 'main',
    });

  it('lists fixes made on the branch until main has them', async () => {
    // A hotfix from main, with its chore(release) changelog commit: not listed.
    await cutHotfix({
      repoPath: fx.dir,
      fixShas: [fromMain],
      target: 'v1.4.0',
      author: AUTHOR,
    });
    expect(await check()).toEqual([]);

    const direct = onBranch('fix: made on the branch');
    const second = onBranch('fix: also on the branch');
    expect(await check()).toEqual([
      { sha: direct, subject: 'fix: made on the branch' },
      { sha: second, subject: 'fix: also on the branch' },
    ]);

    // Main gets the first as a copy (same patch), then the branch merged.
    fx.git('cherry-pick', direct);
    expect(await check()).toEqual([
      { sha: second, subject: 'fix: also on the branch' },
    ]);
    fx.merge('release/1.4', 'Merge release/1.4');
    expect(await check()).toEqual([]);
  });

  it('counts a picked commit whose source main holds as on main, even when adapted', async () => {
    fx.git('branch', 'release/1.4', 'v1.4.0');
    fx.checkout('release/1.4');
    const adapted = commitFile(
      fx,
      'adapted.txt',
      'adapted to 1.4\n',
      `fix: from main, adapted\n\n(cherry picked from commit ${fromMain})`,
    );
    fx.checkout('topic', { create: true });
    const elsewhere = fx.commit('fix: only on a topic');
    fx.checkout('release/1.4');
    const pickedFromTopic = commitFile(
      fx,
      'topic.txt',
      'from topic\n',
      `fix: from a topic\n\n(cherry picked from commit ${elsewhere})`,
    );
    fx.checkout('main');

    const listed = await fixesNotOnMain(fx.dir, {
      branch: 'release/1.4',
      mainRef: 'main', // base: the merge base, v1.4.0
    });

    expect(listed).toEqual([
      { sha: pickedFromTopic, subject: 'fix: from a topic' },
    ]);
    expect(listed.map(f => f.sha)).not.toContain(adapted);
  });
});
