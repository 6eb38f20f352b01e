import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InvalidProductManifestError,
  nextProductVersion,
} from '@releases-for-backstage/plugin-releases-common';
import type { ProductManifest } from '@releases-for-backstage/plugin-releases-common';
import { GitFixture } from '../testUtils';
import { GitRepository } from '../git/GitRepository';
import { cutProductRelease } from './cutProductRelease';
import type { CutProductReleaseOptions } from './cutProductRelease';
import {
  InvalidProductReleaseError,
  ProductReleaseConflictError,
} from './errors';
import { readProductReleases } from './readProductReleases';

// Every case runs Git many times: on a loaded machine 5 s is not enough.
jest.setTimeout(60_000);

const AUTHOR = { name: 'Release Bot', email: 'releases@example.com' };
const NOW = new Date('2026-12-01T10:00:00Z');

function manifest(
  version: string,
  versions: Record<string, string>,
): ProductManifest {
  return {
    product: 'shop',
    version,
    components: Object.fromEntries(
      Object.entries(versions).map(([name, v]) => [
        name,
        { version: v, tag: `v${v}` },
      ]),
    ),
  };
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Someone Else',
      GIT_AUTHOR_EMAIL: 'else@example.com',
      GIT_COMMITTER_NAME: 'Someone Else',
      GIT_COMMITTER_EMAIL: 'else@example.com',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** Everything a cut could leave behind, to compare before and after. */
function snapshot(dir: string, options: { objects?: boolean } = {}) {
  return {
    refs: git(dir, 'for-each-ref', '--format=%(refname) %(objectname)'),
    worktrees: git(dir, 'worktree', 'list', '--porcelain'),
    // tmpdir() is this test's own TMPDIR: other test files that cut in
    // parallel workers leave their temporary folders elsewhere.
    tempDirs: readdirSync(tmpdir()).filter(d =>
      d.startsWith('releases-product-'),
    ),
    // Loose objects: written only once every check has passed.
    ...(options.objects ? { objects: git(dir, 'count-objects') } : {}),
  };
}

/** Another writer moves the branch: a commit on top of it. */
function moveBranch(dir: string, branch = 'main'): string {
  const next = git(
    dir,
    'commit-tree',
    `refs/heads/${branch}^{tree}`,
    '-p',
    `refs/heads/${branch}`,
    '-m',
    'chore: someone else',
  );
  git(dir, 'update-ref', `refs/heads/${branch}`, next);
  return next;
}

describe('cutProductRelease', () => {
  let bare: string;
  const cut = (overrides: Partial<CutProductReleaseOptions> = {}) =>
    cutProductRelease({
      repoPath: bare,
      manifest: manifest('1.0.0', { cart: '1.5.0', checkout: '2.7.1' }),
      author: AUTHOR,
      now: NOW,
      ...overrides,
    });

  const outerTmp = process.env.TMPDIR;
  let ownTmp: string;
  beforeEach(() => {
    ownTmp = mkdtempSync(join(tmpdir(), 'releases-tmp-'));
    process.env.TMPDIR = ownTmp;
    bare = mkdtempSync(join(tmpdir(), 'releases-shop-'));
    git(bare, 'init', '--quiet', '--bare', '--initial-branch=main');
  });
  afterEach(() => {
    if (outerTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outerTmp;
    rmSync(ownTmp, { recursive: true, force: true });
  });

  it('cuts the first product release: the manifest on a new branch, tagged', async () => {
    const result = await cut();

    expect(result).toMatchObject({
      tag: 'v1.0.0',
      version: '1.0.0',
      branch: 'main',
      previousHead: null,
      committed: true,
    });
    expect(git(bare, 'rev-parse', 'refs/heads/main')).toBe(result.commit);
    expect(git(bare, 'rev-parse', 'v1.0.0^{commit}')).toBe(result.commit);
    expect(git(bare, 'cat-file', '-t', 'v1.0.0')).toBe('tag');
    expect(git(bare, 'show', 'main:product.yaml')).toBe(
      [
        'product: shop',
        'version: 1.0.0',
        'components:',
        '  cart: { version: 1.5.0, tag: v1.5.0 }',
        '  checkout: { version: 2.7.1, tag: v2.7.1 }',
      ].join('\n'),
    );
    expect(git(bare, 'log', '--format=%an <%ae> %aI|%s', 'main')).toBe(
      'Release Bot <releases@example.com> 2026-12-01T10:00:00+00:00|chore(release): shop 1.0.0',
    );
    expect(git(bare, 'tag', '-l', '--format=%(contents)', 'v1.0.0')).toBe(
      'Release shop 1.0.0\n\ncart 1.5.0\ncheckout 2.7.1',
    );

    const repo = await GitRepository.open(bare);
    const { releases } = await readProductReleases(repo);
    expect(releases).toEqual([
      {
        tag: 'v1.0.0',
        version: '1.0.0',
        sha: result.commit,
        date: '2026-12-01T10:00:00+00:00',
        manifest: manifest('1.0.0', { cart: '1.5.0', checkout: '2.7.1' }),
      },
    ]);
  });

  it('cuts a second release as the next version, one commit on the first', async () => {
    const first = await cut();
    const repo = await GitRepository.open(bare);
    const [latest] = (await readProductReleases(repo)).releases;
    const next = nextProductVersion({
      previous: latest,
      components: manifest('0.0.0', { cart: '1.6.0', checkout: '2.7.1' })
        .components,
    });
    expect(next.version).toBe('1.1.0');

    const second = await cut({
      manifest: next.manifest!,
      message: 'chore(release): shop 1.1.0 [skip ci]',
    });

    expect(second).toMatchObject({
      tag: 'v1.1.0',
      previousHead: first.commit,
      committed: true,
    });
    expect(git(bare, 'rev-list', '--parents', '-n', '1', 'main')).toBe(
      `${second.commit} ${first.commit}`,
    );
    expect(git(bare, 'log', '-1', '--format=%s', 'main')).toBe(
      'chore(release): shop 1.1.0 [skip ci]',
    );
    expect(
      (await readProductReleases(repo)).releases.map(r => [r.tag, r.sha]),
    ).toEqual([
      ['v1.1.0', second.commit],
      ['v1.0.0', first.commit],
    ]);
  });

  it('keeps the files of the branch and tags its tip when it holds the manifest already', async () => {
    const fx = GitFixture.create();
    try {
      fx.commit('feat: the product repository');
      writeFileSync(
        join(fx.dir, 'product.yaml'),
        'product: shop\nversion: 2.0.0\ncomponents:\n  cart: { version: 1.0.0, tag: v1.0.0 }\n',
      );
      fx.git('add', 'product.yaml');
      fx.git('commit', '--quiet', '-m', 'chore: manifest by hand');
      const clone = join(fx.dir, 'clone.git');
      fx.git('clone', '--quiet', '--bare', fx.dir, clone);
      const tip = git(clone, 'rev-parse', 'main');

      const same = await cutProductRelease({
        repoPath: clone,
        manifest: manifest('2.0.0', { cart: '1.0.0' }),
        author: AUTHOR,
        now: NOW,
      });
      expect(same).toMatchObject({ committed: false, commit: tip });
      expect(git(clone, 'rev-parse', 'main', 'v2.0.0^{commit}')).toBe(
        `${tip}\n${tip}`,
      );

      const changed = await cutProductRelease({
        repoPath: clone,
        manifest: manifest('2.1.0', { cart: '1.1.0' }),
        author: AUTHOR,
        now: NOW,
      });
      expect(
        git(clone, 'diff-tree', '--no-commit-id', '--name-only', '-r', 'main'),
      ).toBe('product.yaml');
      expect(git(clone, 'ls-tree', '--name-only', 'main')).toBe(
        'change-1.txt\nproduct.yaml',
      );
      expect(changed.previousHead).toBe(tip);
    } finally {
      fx.cleanup();
    }
  });

  it('fails a cut whose branch moved before publishing, leaving no commit and no tag', async () => {
    await cut();
    let during: ReturnType<typeof snapshot> | undefined;
    const attempt = cut({
      manifest: manifest('1.1.0', { cart: '1.6.0', checkout: '2.7.1' }),
      beforePublish: () => {
        moveBranch(bare);
        during = snapshot(bare);
      },
    });

    await expect(attempt).rejects.toThrow(ProductReleaseConflictError);
    await expect(attempt).rejects.toThrow(
      /v1\.1\.0 on 'main' not cut: 'main' is at [0-9a-f]{12}, not at [0-9a-f]{12} the release was computed from/,
    );
    // Nothing of the cut came after the other writer's move.
    expect(snapshot(bare)).toEqual(during);
    expect(git(bare, 'tag', '-l')).toBe('v1.0.0');
  });

  it('fails a cut computed from a stale head, leaving no commit and no tag', async () => {
    const first = await cut();
    // Another cut lands after this one was computed from `first`.
    await cut({
      manifest: manifest('1.1.0', { cart: '1.6.0', checkout: '2.7.1' }),
    });
    const before = snapshot(bare);

    const attempt = cut({
      manifest: manifest('1.0.1', { cart: '1.5.1', checkout: '2.7.1' }),
      expectedHead: first.commit,
    });

    await expect(attempt).rejects.toThrow(ProductReleaseConflictError);
    expect(snapshot(bare)).toEqual(before);
    expect(git(bare, 'tag', '-l', 'v1.0.1')).toBe('');
  });

  it('fails when the tag appears meanwhile, and does not move the branch', async () => {
    const first = await cut();
    let during: ReturnType<typeof snapshot> | undefined;
    const attempt = cut({
      manifest: manifest('1.1.0', { cart: '1.6.0', checkout: '2.7.1' }),
      beforePublish: () => {
        git(bare, 'tag', 'v1.1.0', first.commit);
        during = snapshot(bare);
      },
    });

    await expect(attempt).rejects.toThrow(
      /v1\.1\.0 on 'main' not cut: tag v1\.1\.0 was created meanwhile/,
    );
    expect(snapshot(bare)).toEqual(during);
    expect(git(bare, 'rev-parse', 'main')).toBe(first.commit);
  });

  it('refuses a version that is already tagged before writing anything', async () => {
    await cut();
    const before = snapshot(bare, { objects: true });
    const beforePublish = jest.fn();

    const attempt = cut({
      manifest: manifest('1.0.0', { cart: '1.9.0', checkout: '2.7.1' }),
      beforePublish,
    });

    await expect(attempt).rejects.toThrow(ProductReleaseConflictError);
    await expect(attempt).rejects.toThrow(/tag v1\.0\.0 already exists/);
    expect(snapshot(bare, { objects: true })).toEqual(before);
    expect(beforePublish).not.toHaveBeenCalled();
  });

  it.each<[string, Partial<CutProductReleaseOptions>, RegExp | Function]>([
    [
      'a bad manifest',
      {
        manifest: {
          product: 'shop',
          version: '1.0.0',
          components: { cart: { version: '1.5.0-rc.1', tag: 'v1.5.0-rc.1' } },
        },
      },
      InvalidProductManifestError,
    ],
    [
      'a component version that is not semver',
      { manifest: manifest('1.0.0', { cart: 'latest' }) },
      /'components\.cart\.version'/,
    ],
    [
      'a bad author',
      { author: { name: 'Bot <x>', email: '' } },
      InvalidProductReleaseError,
    ],
    [
      'a bad branch',
      { branch: 'main..x' },
      /'main\.\.x' is not a valid branch name/,
    ],
    [
      'a bad tag prefix',
      { tagPrefix: 'v~' },
      /'v~1\.1\.0' is not a valid tag name/,
    ],
    [
      'a bad manifest path',
      { manifestPath: '../product.yaml' },
      InvalidProductReleaseError,
    ],
    [
      'a stale head that is no commit',
      { expectedHead: 'a'.repeat(40) },
      /is not a commit/,
    ],
  ])('refuses %s before writing anything', async (_what, overrides, error) => {
    await cut();
    const before = snapshot(bare, { objects: true });
    await expect(
      cut({
        manifest: manifest('1.1.0', { cart: '1.6.0', checkout: '2.7.1' }),
        ...overrides,
      }),
    ).rejects.toThrow(error as RegExp);
    expect(snapshot(bare, { objects: true })).toEqual(before);
  });

  it('refuses a branch that a work tree has checked out', async () => {
    const fx = GitFixture.create();
    try {
      fx.commit('feat: start');
      const before = snapshot(fx.dir, { objects: true });
      await expect(
        cutProductRelease({
          repoPath: fx.dir,
          manifest: manifest('1.0.0', { cart: '1.0.0' }),
          author: AUTHOR,
        }),
      ).rejects.toThrow(/'main' is checked out in/);
      expect(snapshot(fx.dir, { objects: true })).toEqual(before);
    } finally {
      fx.cleanup();
    }
  });
});
