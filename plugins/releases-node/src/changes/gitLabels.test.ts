import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GitFixture } from '../testUtils';
import { GitRepository } from '../git/GitRepository';
import { InvalidRevisionError, UnknownRefError } from '../git/errors';
import {
  computeComponentSize,
  computeGitLabels,
  countTrackedFiles,
  sizeOfChange,
  sizeOfComponent,
} from './gitLabels';
import { groupCommitsIntoChanges } from './groupCommitsIntoChanges';

// Real git processes: slow on a loaded CI machine, never a timing assertion.
jest.setTimeout(60_000);

function lines(n: number, tag = 'line'): string {
  return Array.from({ length: n }, (_, i) => `${tag} ${i + 1}\n`).join('');
}

describe('sizeOfChange and sizeOfComponent', () => {
  it('sizes a change by its lines at the documented thresholds', () => {
    const cases: Array<[number, string]> = [
      [0, 'XS'],
      [10, 'XS'],
      [11, 'S'],
      [50, 'S'],
      [51, 'M'],
      [250, 'M'],
      [251, 'L'],
      [1000, 'L'],
      [1001, 'XL'],
    ];
    for (const [n, size] of cases)
      expect([n, sizeOfChange(n, 1)]).toEqual([n, size]);
  });

  it('makes a change of many files at least L, of very many XL', () => {
    expect(sizeOfChange(5, 50)).toBe('XS');
    expect(sizeOfChange(5, 51)).toBe('L');
    expect(sizeOfChange(2000, 51)).toBe('XL');
    expect(sizeOfChange(5, 251)).toBe('XL');
  });

  it('sizes a component by its tracked files', () => {
    expect(sizeOfComponent(10)).toBe('XS');
    expect(sizeOfComponent(11)).toBe('S');
    expect(sizeOfComponent(100)).toBe('S');
    expect(sizeOfComponent(1000)).toBe('M');
    expect(sizeOfComponent(10_000)).toBe('L');
    expect(sizeOfComponent(10_001)).toBe('XL');
    expect(sizeOfComponent(3, { XS: 1, S: 2, M: 3, L: 4 })).toBe('M');
  });
});

describe('computeGitLabels', () => {
  let fx: GitFixture;
  let repo: GitRepository;
  beforeEach(async () => {
    fx = GitFixture.create();
    fx.commit('chore: root');
    repo = await GitRepository.open(fx.dir);
  });
  afterEach(() => fx.cleanup());

  /** Writes files (null deletes) and commits them; returns the sha. */
  const commitFiles = (
    message: string,
    files: Record<string, string | Buffer | null>,
  ): string => {
    for (const [path, content] of Object.entries(files)) {
      if (content === null) {
        fx.git('rm', '--quiet', path);
        continue;
      }
      mkdirSync(dirname(join(fx.dir, path)), { recursive: true });
      writeFileSync(join(fx.dir, path), content);
      fx.git('add', path);
    }
    fx.git('commit', '--quiet', '--no-verify', '--allow-empty', '-m', message);
    return fx.head();
  };

  it('sizes a change by its lines and files and says from what', async () => {
    const sha = commitFiles('feat: cart', {
      'src/cart.ts': lines(100),
      'src/total.ts': lines(10),
      'src/a.ts': lines(5),
      'src/b.ts': lines(5),
    });

    const result = await computeGitLabels(repo, { commits: [sha] });

    expect(result.labels.change).toEqual({ value: 'M', source: 'git' });
    expect(result.diff).toEqual({
      files: 4,
      lines: 120,
      binaryFiles: 0,
      renames: 0,
    });
    expect(result.notes).toContain('change: M from 120 lines in 4 files');
    expect(result.notes).toContain(
      'ft-coverage: unknown (Git cannot tell; a pipeline or an SCM label reports it)',
    );
    expect(result.labels['ft-coverage']).toBeUndefined();
    expect(result.labels['feature-toggle']).toBeUndefined();
  });

  it('puts changes of 10 and 11 lines on either side of XS, added plus deleted', async () => {
    const ten = commitFiles('feat: ten', { 'a.txt': lines(10) });
    // 6 deleted + 5 added: 11 lines.
    const eleven = commitFiles('fix: eleven', {
      'a.txt': lines(4) + lines(5, 'new'),
    });
    expect(
      (await computeGitLabels(repo, { commits: [ten] })).labels.change?.value,
    ).toBe('XS');
    const result = await computeGitLabels(repo, { commits: [eleven] });
    expect(result.labels.change?.value).toBe('S');
    expect(result.diff?.lines).toBe(11);
  });

  it('counts a change of 51 one-line files as L', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 51; i++) files[`f/${i}.txt`] = 'x\n';
    const sha = commitFiles('chore: many files', files);
    const result = await computeGitLabels(repo, { commits: [sha] });
    expect(result.labels.change?.value).toBe('L');
    expect(result.notes).toContain('change: L from 51 lines in 51 files');
  });

  it('counts binary files as files without lines, and says so', async () => {
    const sha = commitFiles('feat: logo', {
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 0xff]),
      'README.md': lines(3),
    });
    const result = await computeGitLabels(repo, { commits: [sha] });
    expect(result.diff).toEqual({
      files: 2,
      lines: 3,
      binaryFiles: 1,
      renames: 0,
    });
    expect(result.notes).toContain(
      'change: XS from 3 lines in 2 files (1 binary file without lines)',
    );
  });

  it('counts a rename as one file, with only its edited lines', async () => {
    commitFiles('feat: old name', { 'src/old.ts': lines(200) });
    fx.git('mv', 'src/old.ts', 'src/new.ts');
    const pure = commitFiles('refactor: rename', {});
    const result = await computeGitLabels(repo, { commits: [pure] });
    expect(result.diff).toEqual({
      files: 1,
      lines: 0,
      binaryFiles: 0,
      renames: 1,
    });
    expect(result.notes).toContain(
      'change: XS from 0 lines in 1 file (1 rename)',
    );

    fx.git('mv', 'src/new.ts', 'src/newer.ts');
    const edited = commitFiles('refactor: rename and edit', {
      'src/newer.ts': `${lines(200)}one more\n`,
    });
    const r2 = await computeGitLabels(repo, { commits: [edited] });
    // Without rename detection this would be 400 lines in 2 files.
    expect(r2.diff).toMatchObject({ files: 1, lines: 1, renames: 1 });
  });

  it("sizes a merged pull request by the merge's diff, not again by its commits", async () => {
    fx.checkout('cart', { create: true });
    commitFiles('feat: cart', { 'cart.txt': lines(40) });
    // Takes back 30 of the 40 lines: the pull request adds 10 lines.
    commitFiles('fix: trim cart', { 'cart.txt': lines(10) });
    fx.checkout('main');
    commitFiles('docs: on main meanwhile', { 'docs.md': lines(300) });
    fx.merge('cart', 'Merge pull request #12 from acme/cart\n\nAdd a cart');
    const change = groupCommitsIntoChanges(
      await repo.log({ include: ['HEAD'] }),
    ).find(c => c.id === '#12')!;
    expect(change.commits).toHaveLength(3);

    const result = await computeGitLabels(repo, change);

    // Summed per commit it would be 40 + 30 = 70 lines (M); main's docs are not in it.
    expect(result.diff).toMatchObject({ files: 1, lines: 10 });
    expect(result.labels.change?.value).toBe('XS');
    expect(result.labels.functional).toEqual({ value: true, source: 'git' });
  });

  it('leaves the size and functional unknown for a change without commits; an empty commit is XS', async () => {
    const none = await computeGitLabels(repo, { commits: [] });
    expect(none.labels.change).toBeUndefined();
    expect(none.labels.functional).toBeUndefined();
    expect(none.diff).toBeNull();
    expect(none.notes).toEqual(
      expect.arrayContaining([
        'change: unknown (the change has no commits)',
        'functional: unknown (the change has no commits)',
      ]),
    );

    const empty = commitFiles('chore: trigger a build', {});
    const result = await computeGitLabels(repo, { commits: [empty] });
    expect(result.labels.change?.value).toBe('XS');
    expect(result.notes).toContain('change: XS from 0 lines in 0 files');
    expect(result.labels.functional?.value).toBe(false);
  });

  it('reads functional from conventional-commit types', async () => {
    const docs = commitFiles('docs: readme', { 'README.md': 'a\n' });
    const chore = commitFiles('chore(deps): bump', { 'deps.txt': 'b\n' });
    const feat = commitFiles('feat(cart): add', { 'cart.txt': 'c\n' });
    const breaking = commitFiles('refactor!: drop the v1 API', { v1: 'd\n' });
    const footer = commitFiles('chore: config\n\nBREAKING CHANGE: new keys', {
      'config.txt': 'e\n',
    });
    const plain = commitFiles('Update things', { 'things.txt': 'f\n' });
    const revert = fx.revert(feat);

    const functional = async (commits: string[], title?: string) => {
      const r = await computeGitLabels(repo, { commits, title });
      return { value: r.labels.functional?.value, notes: r.notes };
    };
    expect(await functional([docs, chore])).toMatchObject({
      value: false,
      notes: expect.arrayContaining([
        'functional: false (only docs, chore commits)',
      ]),
    });
    expect((await functional([docs, feat])).value).toBe(true);
    expect(await functional([breaking])).toMatchObject({
      value: true,
      notes: expect.arrayContaining([
        `functional: true from breaking in ${breaking.slice(0, 8)}`,
      ]),
    });
    expect((await functional([footer])).value).toBe(true);
    expect((await functional([revert])).value).toBe(true);
    // Not conventional: Git cannot tell, so the label stays unknown.
    expect(await functional([docs, plain])).toMatchObject({
      value: undefined,
      notes: expect.arrayContaining([
        `functional: unknown (not a conventional commit: ${plain.slice(0, 8)})`,
      ]),
    });
    // A functional commit decides even next to one that is not conventional.
    expect((await functional([plain, feat])).value).toBe(true);
    // A pull request's conventional title counts; a plain one says nothing.
    expect((await functional([docs], 'feat: the real change')).value).toBe(
      true,
    );
    expect((await functional([docs], 'Tidy the docs')).value).toBe(false);
  });

  it('sizes the component by its tracked files at the head, or takes the one given', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`src/${i}.ts`] = 'x\n';
    const sha = commitFiles('feat: files', files);
    // 12 files + the root commit's file: S.
    expect(await countTrackedFiles(repo)).toBe(13);
    await expect(computeComponentSize(repo)).resolves.toEqual({
      component: { value: 'S', source: 'git' },
    });
    await expect(
      computeComponentSize(repo, { path: 'src/1.ts' }),
    ).resolves.toEqual({ component: { value: 'XS', source: 'git' } });

    const counted = await computeGitLabels(repo, { commits: [sha] });
    expect(counted.labels.component).toEqual({ value: 'S', source: 'git' });
    expect(counted.notes).toContain(
      'component: S from 13 tracked files at HEAD',
    );

    const given = await computeGitLabels(
      repo,
      { commits: [sha] },
      { component: { value: 'XL', source: 'git' } },
    );
    expect(given.labels.component).toEqual({ value: 'XL', source: 'git' });
    const left = await computeGitLabels(
      repo,
      { commits: [sha] },
      { component: null },
    );
    expect(left.labels.component).toBeUndefined();
  });

  it('works in a bare clone, as the backend keeps them', async () => {
    const sha = commitFiles('feat: x', { 'x.txt': lines(20) });
    const parent = mkdtempSync(join(tmpdir(), 'releases-bare-'));
    try {
      const bare = join(parent, 'repo.git');
      execFileSync('git', ['clone', '--quiet', '--bare', fx.dir, bare]);
      const bareRepo = await GitRepository.open(bare);
      const result = await computeGitLabels(bareRepo, { commits: [sha] });
      expect(result.labels).toEqual({
        change: { value: 'S', source: 'git' },
        functional: { value: true, source: 'git' },
        component: { value: 'XS', source: 'git' },
      });
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('refuses commit ids that are not ids, and names commits the repository lacks', async () => {
    await expect(
      computeGitLabels(repo, { commits: ['--all'] }),
    ).rejects.toThrow(InvalidRevisionError);
    await expect(
      computeGitLabels(repo, { commits: ['HEAD~1'] }),
    ).rejects.toThrow(InvalidRevisionError);
    const missing = 'deadbeef'.repeat(5);
    const error = await computeGitLabels(repo, { commits: [missing] }).catch(
      e => e,
    );
    expect(error).toBeInstanceOf(UnknownRefError);
    expect(error.message).toContain(missing);
    await expect(
      countTrackedFiles(repo, { revision: 'no-such-branch' }),
    ).rejects.toThrow(UnknownRefError);
  });
});
