import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitFixture } from '../testUtils';
import {
  GitRepository,
  assertSafeRevision,
  parseLogOutput,
} from './GitRepository';
import {
  InvalidRevisionError,
  RepositoryNotFoundError,
  UnknownRefError,
} from './errors';

// Real git processes: slow on a loaded CI machine, never a timing assertion.
jest.setTimeout(60_000);

describe('GitRepository', () => {
  let fx: GitFixture;
  beforeEach(() => {
    fx = GitFixture.create();
  });
  afterEach(() => fx.cleanup());

  it('refuses a folder that does not exist or is not a repository', async () => {
    await expect(GitRepository.open(join(fx.dir, 'nope'))).rejects.toThrow(
      RepositoryNotFoundError,
    );
    const plain = mkdtempSync(join(tmpdir(), 'releases-plain-'));
    try {
      await expect(GitRepository.open(plain)).rejects.toThrow(
        /not a Git repository/,
      );
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('resolves refs and names unknown ones', async () => {
    const sha = fx.commit('feat: first');
    fx.tag('v1.0.0', { annotated: true });
    const repo = await GitRepository.open(fx.dir);
    await expect(repo.resolveCommit('HEAD')).resolves.toBe(sha);
    // An annotated tag resolves to its commit, not the tag object.
    await expect(repo.resolveCommit('v1.0.0')).resolves.toBe(sha);
    await expect(repo.resolveCommit(sha.slice(0, 8))).resolves.toBe(sha);
    await expect(repo.resolveCommit('v9.9.9')).rejects.toThrow(UnknownRefError);
    await expect(repo.resolveCommit('v9.9.9')).rejects.toThrow(
      "Unknown ref 'v9.9.9'",
    );
  });

  it('inspects a range in one process: both commits, a tag named from, a root', async () => {
    const root = fx.commit('chore: root');
    fx.tag('v0.1.0', { annotated: true });
    const mid = fx.commit('feat: middle');
    fx.git('branch', 'side');
    const head = fx.commit('fix: head');
    const repo = await GitRepository.open(fx.dir);

    await expect(repo.inspectRange('HEAD', 'v0.1.0')).resolves.toEqual({
      toSha: head,
      fromSha: root,
      fromIsTag: true,
      fromIsRoot: true,
    });
    // A branch is not a tag, even where a tag of another name points alike.
    await expect(repo.inspectRange('HEAD', 'side')).resolves.toEqual({
      toSha: head,
      fromSha: mid,
      fromIsTag: false,
      fromIsRoot: false,
    });
    await expect(
      repo.inspectRange('side', mid.slice(0, 10)),
    ).resolves.toMatchObject({ toSha: mid, fromSha: mid });

    await expect(repo.inspectRange('v9.9.9', 'v0.1.0')).rejects.toThrow(
      "Unknown ref 'v9.9.9'",
    );
    await expect(repo.inspectRange('HEAD', 'nope')).rejects.toThrow(
      "Unknown ref 'nope'",
    );
    await expect(repo.inspectRange('HEAD', '--all')).rejects.toThrow(
      InvalidRevisionError,
    );
  });

  it('never passes an option-like or malformed revision to git', async () => {
    fx.commit('feat: first');
    const repo = await GitRepository.open(fx.dir);
    for (const bad of [
      '--output=/tmp/x',
      '-n1',
      'HEAD~1',
      'a..b',
      'main@{1}',
      'bad name',
      'x.lock',
    ]) {
      await expect(repo.resolveCommit(bad)).rejects.toThrow(
        InvalidRevisionError,
      );
      await expect(repo.log({ include: [bad] })).rejects.toThrow(
        InvalidRevisionError,
      );
    }
    expect(() => assertSafeRevision('release/1.2.x')).not.toThrow();
    expect(() => assertSafeRevision('HEAD')).not.toThrow();
  });

  it('lists lightweight and annotated tags with their commits', async () => {
    const a = fx.commit('feat: a');
    fx.tag('v1.0.0');
    const b = fx.commit('fix: b');
    fx.tag('v1.0.1', { annotated: true });
    fx.commit('chore: c');
    const repo = await GitRepository.open(fx.dir);
    const tags = await repo.listTags();
    expect(tags.map(t => [t.name, t.sha, t.annotated])).toEqual([
      ['v1.0.0', a, false],
      ['v1.0.1', b, true],
    ]);
    expect(tags[0].date).toMatch(/^2026-01-01T/);

    fx.checkout('side', { create: true });
    fx.commit('feat: side');
    fx.tag('v2.0.0');
    fx.checkout('main');
    const merged = await repo.listTags({
      mergedInto: await repo.resolveCommit('main'),
    });
    expect(merged.map(t => t.name)).toEqual(['v1.0.0', 'v1.0.1']);
  });

  it('reads a range with merges in one log, messages intact', async () => {
    const base = fx.commit('chore: base');
    fx.checkout('feature', { create: true });
    fx.commit('feat(cart): add coupons\n\nLong body\nwith lines\n\nRefs: #12');
    fx.checkout('main');
    fx.commit('fix: on main');
    const merge = fx.merge(
      'feature',
      'Merge pull request #3 from shop/feature',
    );
    const repo = await GitRepository.open(fx.dir);
    const commits = await repo.log({ include: [merge], exclude: [base] });
    expect(commits).toHaveLength(3);
    expect(commits[0].sha).toBe(merge);
    expect(commits[0].parents).toHaveLength(2);
    const feat = commits.find(c => c.message.startsWith('feat'))!;
    expect(feat.message).toBe(
      'feat(cart): add coupons\n\nLong body\nwith lines\n\nRefs: #12',
    );
    expect(feat.authorName).toBe('Test Author');
    expect(feat.authorEmail).toBe('author@example.com');
    expect(await repo.log({ include: [] })).toEqual([]);
  });

  it('keeps messages intact where they span several pipe reads', async () => {
    // Git writes 64 KiB at a time: a 120 KiB message arrives in pieces without
    // a record end, and the 20 KiB ones (with multi-byte characters) end at
    // places inside a read.
    const messages = [
      `feat: big\n\n${'é log line of a pasted build log\n'.repeat(
        3500,
      )}Refs: #1`,
    ];
    for (let i = 0; i < 12; i++) {
      messages.push(
        `fix(p${i}): part ${i}\n\n${`ü ${i} `.repeat(4000 + i * 97)}`.trimEnd(),
      );
    }
    for (const m of messages) fx.commit(m);
    const repo = await GitRepository.open(fx.dir);
    const commits = await repo.log({ include: ['HEAD'] });
    expect(commits.map(c => c.message)).toEqual([...messages].reverse());
    const mapped = await repo.log({
      include: ['HEAD'],
      map: (c: { message: string }) => c.message.length,
    });
    expect(mapped).toEqual([...messages].reverse().map(m => m.length));
  });

  it('spawns one git process per history read, whatever its length', async () => {
    for (let i = 0; i < 12; i++) fx.commit(`fix: change ${i}`);
    const repo = await GitRepository.open(fx.dir);
    const childProcess = jest.requireActual('node:child_process');
    const spy = jest.spyOn(childProcess, 'spawn');
    try {
      const commits = await repo.log({ include: ['HEAD'] });
      expect(commits).toHaveLength(12);
      expect(spy).toHaveBeenCalledTimes(1);
      const args = spy.mock.calls[0][1] as string[];
      expect(args).toContain('--end-of-options');
    } finally {
      spy.mockRestore();
    }
  });

  it('parses log output with separators inside messages', () => {
    const record = [
      'a'.repeat(40),
      '',
      'N',
      'e@x',
      '2026-01-01T00:00:00Z',
      'msg with \x1f inside\n',
    ].join('\x1f');
    const out = parseLogOutput(`${record}\0`);
    expect(out).toEqual([
      {
        sha: 'a'.repeat(40),
        parents: [],
        authorName: 'N',
        authorEmail: 'e@x',
        date: '2026-01-01T00:00:00Z',
        message: 'msg with \x1f inside',
      },
    ]);
  });

  it('agrees with git check-ref-format on which names are refs', () => {
    const names = [
      'main',
      'release/1.2',
      'feature/a.b',
      'v1.0.0-rc.1',
      '.hidden',
      'a..b',
      'a/',
      'x.lock',
      'a b',
      'a~1',
      'a^',
      'a:b',
      'a?',
      'a*',
      'a[',
      'a\\b',
      '@',
      'a@{b',
      'a//b',
      'ok-@-sign',
    ];
    for (const name of names) {
      let gitSays: boolean;
      try {
        execFileSync('git', ['check-ref-format', '--allow-onelevel', name], {
          stdio: 'ignore',
        });
        gitSays = true;
      } catch {
        gitSays = false;
      }
      let weSay: boolean;
      try {
        assertSafeRevision(name);
        weSay = true;
      } catch {
        weSay = false;
      }
      expect({ name, valid: weSay }).toEqual({ name, valid: gitSays });
    }
  });
});
