import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GitFixture } from '@releases-for-backstage/plugin-releases-node/testUtils';
import { releases } from './testUtils/releases';

jest.setTimeout(30_000);

async function nextVersion(fx: GitFixture, ...args: string[]) {
  const res = await releases(
    'next-version',
    '--repo',
    fx.dir,
    '--json',
    ...args,
  );
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout);
}

describe('releases next-version', () => {
  let fx: GitFixture;
  beforeEach(() => {
    fx = GitFixture.create();
  });
  afterEach(() => fx.cleanup());

  function released(version: string) {
    fx.commit('feat: baseline');
    fx.tag(`v${version}`);
  }

  it.each([
    // [preset, current, commits, next, bump]
    ['conventionalcommits', '1.2.3', ['fix: a', 'feat: b'], '1.3.0', 'minor'],
    ['conventionalcommits', '1.2.3', ['fix: a', 'perf: b'], '1.2.4', 'patch'],
    ['conventionalcommits', '1.2.3', ['feat!: drop x'], '2.0.0', 'major'],
    [
      'conventionalcommits',
      '1.2.3',
      ['refactor(core)!: rename'],
      '2.0.0',
      'major',
    ],
    [
      'conventionalcommits',
      '1.2.3',
      ['fix: a\n\nBREAKING CHANGE: b'],
      '2.0.0',
      'major',
    ],
    [
      'conventionalcommits',
      '1.2.3',
      ['fix: a\n\nBREAKING-CHANGE: b'],
      '2.0.0',
      'major',
    ],
    [
      'conventionalcommits',
      '1.2.3',
      ['chore: a', 'docs: b', 'ci: c'],
      null,
      null,
    ],
    ['angular', '1.2.3', ['fix: a', 'feat: b'], '1.3.0', 'minor'],
    ['angular', '1.2.3', ['perf: a'], '1.2.4', 'patch'],
    // `!` is not part of the angular header grammar: no release.
    ['angular', '1.2.3', ['feat!: drop x'], null, null],
    ['angular', '1.2.3', ['feat: a\n\nBREAKING CHANGE: b'], '2.0.0', 'major'],
    ['angular', '1.2.3', ['chore: a', 'refactor: b', 'style: c'], null, null],
  ])(
    '%s from %s with %j -> %s',
    async (preset, current, messages, next, bump) => {
      released(current);
      for (const m of messages) fx.commit(m);
      const out = await nextVersion(fx, '--preset', preset);
      expect(out).toMatchObject({
        current,
        currentTag: `v${current}`,
        next,
        bump,
        commits: messages.length,
      });
    },
  );

  it('handles reverts per preset', async () => {
    released('1.0.0');
    const feat = fx.commit('feat: risky feature');
    fx.revert(feat);
    // semantic-release: a revert and its target in the same range cancel out.
    expect(await nextVersion(fx, '--preset', 'angular')).toMatchObject({
      next: null,
      bump: null,
      commits: 2,
    });
    // release-please: a revert is a releasable change like a fix; the
    // feature it reverts still counts.
    expect(await nextVersion(fx)).toMatchObject({
      next: '1.1.0',
      bump: 'minor',
    });
  });

  it('releases a patch for a revert of an already released commit (angular)', async () => {
    const feat = fx.commit('feat: shipped feature');
    fx.tag('v1.0.0');
    fx.revert(feat);
    expect(await nextVersion(fx, '--preset', 'angular')).toMatchObject({
      next: '1.0.1',
      bump: 'patch',
    });
  });

  it('applies the pre-1.0 options', async () => {
    released('0.4.2');
    fx.commit('feat!: new api');
    expect(await nextVersion(fx)).toMatchObject({ next: '1.0.0' });
    expect(await nextVersion(fx, '--bump-minor-pre-major')).toMatchObject({
      next: '0.5.0',
      bump: 'minor',
    });
    fx.cleanup();
    fx = GitFixture.create();
    released('0.4.2');
    fx.commit('feat: small feature');
    expect(await nextVersion(fx)).toMatchObject({ next: '0.5.0' });
    expect(
      await nextVersion(fx, '--bump-patch-for-minor-pre-major'),
    ).toMatchObject({ next: '0.4.3', bump: 'patch' });
  });

  it('honours Release-As under conventionalcommits only', async () => {
    released('1.2.3');
    fx.commit('chore: prepare major\n\nRelease-As: 3.0.0');
    expect(await nextVersion(fx)).toMatchObject({
      next: '3.0.0',
      releaseAs: '3.0.0',
    });
    expect(await nextVersion(fx, '--preset', 'angular')).toMatchObject({
      next: null,
    });
  });

  it('starts at 1.0.0 without release tags and counts merges', async () => {
    fx.commit('chore: init');
    fx.checkout('feature', { create: true });
    fx.commit('fix: a');
    fx.checkout('main');
    fx.merge('feature', 'Merge pull request #1 from org/feature');
    expect(await nextVersion(fx)).toMatchObject({
      current: null,
      currentTag: null,
      next: '1.0.0',
      commits: 3,
    });
  });

  it('takes the newest final release reachable from --to, ignoring rc and other prefixes', async () => {
    released('1.0.0');
    fx.commit('fix: a');
    fx.tag('v1.0.1-rc.1');
    fx.tag('cart-v9.0.0');
    fx.tag('not-a-version');
    fx.commit('feat: b');
    expect(await nextVersion(fx)).toMatchObject({
      current: '1.0.0',
      next: '1.1.0',
      commits: 2,
    });
    expect(await nextVersion(fx, '--tag-prefix', 'cart-v')).toMatchObject({
      current: '9.0.0',
      next: '9.1.0',
      commits: 1,
    });
    expect(await nextVersion(fx, '--to', 'v1.0.1-rc.1')).toMatchObject({
      current: '1.0.0',
      next: '1.0.1',
      commits: 1,
    });
    expect(await nextVersion(fx, '--from', 'v1.0.1-rc.1')).toMatchObject({
      current: '1.0.1-rc.1',
      commits: 1,
    });
  });

  it('prints just the version without --json', async () => {
    released('2.0.0');
    fx.commit('fix: x');
    expect(await releases('next-version', '--repo', fx.dir)).toEqual({
      code: 0,
      stdout: '2.0.1\n',
      stderr: '',
    });
    fx.tag('v2.0.1');
    fx.commit('docs: y');
    expect(await releases('next-version', '--repo', fx.dir)).toEqual({
      code: 0,
      stdout: '',
      stderr: 'No releasable changes since v2.0.1\n',
    });
  });

  it('fails with one clear line on bad input', async () => {
    released('1.0.0');
    fx.tag('banana');
    const cases: Array<[string[], RegExp]> = [
      [
        ['--repo', join(fx.dir, 'missing')],
        /^releases: No Git repository at .*missing: no such directory\n$/,
      ],
      [['--to', 'v7.7.7'], /^releases: Unknown ref 'v7\.7\.7'/],
      [
        ['--from', 'banana'],
        /^releases: Tag 'banana' is not a semantic version release tag with prefix 'v'\n$/,
      ],
      [['--from', '--upload-pack=touch /tmp/pwned'], /Invalid revision/],
      [['--preset', 'gitmoji'], /argument 'gitmoji' is invalid/],
      [['--colour'], /unknown option '--colour'/],
    ];
    for (const [args, message] of cases) {
      const res = await releases('next-version', '--repo', fx.dir, ...args);
      expect({ args, code: res.code }).toEqual({ args, code: 1 });
      expect(res.stdout).toBe('');
      expect(res.stderr).toMatch(message);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('releases changelog', () => {
  let fx: GitFixture;
  beforeEach(() => {
    fx = GitFixture.create();
  });
  afterEach(() => fx.cleanup());

  it('prints markdown and JSON with sections, breaking first', async () => {
    fx.commit('feat: baseline');
    fx.tag('v1.0.0');
    const fix = fx.commit('fix(cart): keep coupons');
    const feat = fx.commit(
      'feat(api)!: remove v1\n\nBREAKING CHANGE: v1 endpoints are gone',
    );
    fx.commit('chore: bump deps');
    const md = await releases(
      'changelog',
      '--repo',
      fx.dir,
      '--repo-url',
      'https://github.com/shop/cart',
    );
    expect(md.code).toBe(0);
    const lines = md.stdout.split('\n').filter(Boolean);
    expect(lines[0]).toMatch(
      /^## \[2\.0\.0\]\(https:\/\/github\.com\/shop\/cart\/compare\/v1\.0\.0\.\.\.v2\.0\.0\)/,
    );
    const breaking = lines.findIndex(l => /BREAKING CHANGES/.test(l));
    const features = lines.indexOf('### Features');
    const fixes = lines.indexOf('### Bug Fixes');
    expect(breaking).toBeGreaterThan(0);
    expect(breaking).toBeLessThan(features);
    expect(features).toBeLessThan(fixes);
    expect(md.stdout).toContain(
      `* **cart:** keep coupons ([${fix.slice(
        0,
        7,
      )}](https://github.com/shop/cart/commit/${fix}))`,
    );

    const json = await releases(
      'changelog',
      '--repo',
      fx.dir,
      '--format',
      'json',
    );
    const changelog = JSON.parse(json.stdout);
    expect(changelog.version).toBe('2.0.0');
    expect(changelog.previousVersion).toBe('1.0.0');
    expect(changelog.sections.map((s: any) => s.id)).toEqual([
      'breaking',
      'features',
      'fixes',
      'other',
    ]);
    expect(changelog.sections[0].entries[0]).toMatchObject({
      sha: feat,
      breakingNote: 'v1 endpoints are gone',
    });
  });

  it('refuses an unknown format', async () => {
    fx.commit('feat: a');
    const res = await releases(
      'changelog',
      '--repo',
      fx.dir,
      '--format',
      'html',
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/argument 'html' is invalid/);
  });
});

describe('the releases binary', () => {
  it('runs from the repository and exits non-zero on errors', async () => {
    const fx = GitFixture.create();
    try {
      fx.commit('feat: a');
      const bin = join(__dirname, '../bin/releases');
      const ok = await promisify(execFile)(process.execPath, [
        bin,
        'next-version',
        '--repo',
        fx.dir,
        '--json',
      ]);
      expect(JSON.parse(ok.stdout)).toMatchObject({ next: '1.0.0' });
      // Nothing else on stderr, such as V8 refusing a flag of another Node version.
      expect(ok.stderr).toBe('');
      await expect(
        promisify(execFile)(process.execPath, [
          bin,
          'next-version',
          '--repo',
          join(fx.dir, 'x'),
        ]),
      ).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/^releases: No Git repository/),
      });
    } finally {
      fx.cleanup();
    }
  });

  it('stops quietly when its reader goes away early, as `| head` does', async () => {
    const fx = GitFixture.create();
    try {
      // 100 KB headers: more changelog than a pipe (or socket) buffer holds.
      for (let n = 0; n < 10; n++)
        fx.commit(`feat: change ${n} ${'word '.repeat(20000)}`);
      const bin = join(__dirname, '../bin/releases');
      const child = spawn(
        process.execPath,
        [bin, 'changelog', '--repo', fx.dir],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', chunk => (stderr += chunk));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise(resolve => child.on('close', resolve));
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    } finally {
      fx.cleanup();
    }
  });
});
