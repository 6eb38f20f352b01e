import { stat } from 'node:fs/promises';
import { isValidRefName } from '@releases-for-backstage/plugin-releases-common';
import type { RawCommit } from '@releases-for-backstage/plugin-releases-common';
import { GitCommandError, runGit } from './runGit';
import {
  InvalidRevisionError,
  RepositoryNotFoundError,
  TagConflictError,
  UnknownRefError,
} from './errors';

/** A tag as listed by `git for-each-ref`. */
export interface GitTag {
  name: string;
  /** The commit the tag points at (peeled for annotated tags). */
  sha: string;
  /** Tagger date of an annotated tag, committer date of a lightweight tag. */
  date: string;
  annotated: boolean;
}

const HEX = /^[0-9a-f]{4,40}$/i;
const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * Checks a revision from user input before it reaches git: `HEAD`, a commit
 * id, or a ref name that passes Git's ref-format rules. Revision expressions
 * (`HEAD~2`, `a..b`, `@{u}`) are refused, so nothing a user types can become
 * an option or a range.
 */
export function assertSafeRevision(revision: string): void {
  if (revision === 'HEAD' || HEX.test(revision)) return;
  if (revision.startsWith('-')) {
    throw new InvalidRevisionError(revision, 'must not start with "-"');
  }
  if (!isValidRefName(revision)) {
    throw new InvalidRevisionError(
      revision,
      "not a valid Git ref name (see 'git check-ref-format')",
    );
  }
}

// Unit separator between fields; `-z` puts NUL between records. The message
// comes last so a stray separator inside it cannot shift other fields.
const LOG_FORMAT = '--format=%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%B';
const TAG_FORMAT =
  '--format=%(refname:strip=2)%1f%(objecttype)%1f%(objectname)%1f%(*objectname)%1f%(creatordate:iso-strict)';

/** Read access to one local Git repository (a work tree or a bare clone). */
export class GitRepository {
  readonly dir: string;
  readonly config: Record<string, string>;

  private constructor(dir: string, config: Record<string, string>) {
    this.dir = dir;
    this.config = config;
  }

  /** Opens a local repository; fails with RepositoryNotFoundError. */
  static async open(
    dir: string,
    options?: { config?: Record<string, string> },
  ): Promise<GitRepository> {
    try {
      const s = await stat(dir);
      if (!s.isDirectory()) {
        throw new RepositoryNotFoundError(dir, 'not a directory');
      }
    } catch (error) {
      if (error instanceof RepositoryNotFoundError) throw error;
      throw new RepositoryNotFoundError(dir, 'no such directory');
    }
    try {
      await runGit(['rev-parse', '--git-dir'], { cwd: dir });
    } catch (error) {
      if (error instanceof GitCommandError && error.exitCode !== null) {
        throw new RepositoryNotFoundError(dir, 'not a Git repository');
      }
      throw error;
    }
    return new GitRepository(dir, options?.config ?? {});
  }

  private git(args: string[], okExitCodes?: number[]) {
    return runGit(args, { cwd: this.dir, config: this.config, okExitCodes });
  }

  /** Resolves a user-given revision to a commit id. */
  async resolveCommit(revision: string): Promise<string> {
    assertSafeRevision(revision);
    const { stdout, exitCode } = await this.git(
      [
        'rev-parse',
        '--verify',
        '--quiet',
        '--end-of-options',
        `${revision}^{commit}`,
      ],
      [1],
    );
    if (exitCode !== 0) throw new UnknownRefError(revision, this.dir);
    return stdout.trim();
  }

  /**
   * Answers several questions about `from` and `to` with one git process
   * (`cat-file --batch-check`, names on stdin) where separate lookups take
   * one each: the commits both name, whether a tag is named `from`, and
   * whether that commit has a parent. Throws UnknownRefError as
   * `resolveCommit` does.
   */
  async inspectRange(
    to: string,
    from: string,
  ): Promise<{
    toSha: string;
    fromSha: string;
    fromIsTag: boolean;
    fromIsRoot: boolean;
  }> {
    assertSafeRevision(to);
    assertSafeRevision(from);
    // Safe revisions hold no whitespace, so each is exactly one input line.
    const input = `${to}^{commit}\n${from}^{commit}\nrefs/tags/${from}\n${from}^{commit}^1\n`;
    const { stdout } = await runGit(
      ['cat-file', '--batch-check=%(objectname)'],
      {
        cwd: this.dir,
        config: this.config,
        input,
      },
    );
    // A found name prints its id; any other answer (missing, ambiguous) is not one.
    const [toSha, fromSha, tag, parent] = stdout
      .split('\n')
      .map(line => (OBJECT_ID.test(line) ? line : null));
    if (toSha === null) throw new UnknownRefError(to, this.dir);
    if (fromSha === null) throw new UnknownRefError(from, this.dir);
    return {
      toSha,
      fromSha,
      fromIsTag: tag !== null,
      fromIsRoot: parent === null,
    };
  }

  /** Commit a tag points at, or null when there is no such tag. */
  async tagCommit(name: string): Promise<string | null> {
    assertSafeRevision(name);
    const { stdout, exitCode } = await this.git(
      [
        'rev-parse',
        '--verify',
        '--quiet',
        '--end-of-options',
        `refs/tags/${name}^{commit}`,
      ],
      [1],
    );
    return exitCode === 0 ? stdout.trim() : null;
  }

  /**
   * Creates an annotated tag on a commit. Idempotent: a tag of that name on
   * that commit is left alone; on another commit it is a TagConflictError.
   * With `push`, the tag goes to `origin` without force.
   */
  async createTag(options: {
    name: string;
    sha: string;
    message: string;
    author: { name: string; email: string };
    push?: boolean;
  }): Promise<{ created: boolean }> {
    const { name, sha } = options;
    if (!isValidRefName(`refs/tags/${name}`) || name.startsWith('-')) {
      throw new InvalidRevisionError(name, 'not a valid tag name');
    }
    if (!/^[0-9a-f]{40}$/.test(sha)) {
      throw new InvalidRevisionError(sha, 'expected a full commit id');
    }
    const existing = await this.tagCommit(name);
    if (existing === sha) return { created: false };
    if (existing) throw new TagConflictError(name, existing);
    await runGit(['tag', '-a', '-m', options.message, name, sha], {
      cwd: this.dir,
      config: this.config,
      env: {
        GIT_COMMITTER_NAME: options.author.name,
        GIT_COMMITTER_EMAIL: options.author.email,
      },
    });
    if (options.push) {
      await this.git([
        'push',
        '--quiet',
        'origin',
        `refs/tags/${name}:refs/tags/${name}`,
      ]);
    }
    return { created: true };
  }

  /**
   * The nearest tag reachable from `commit` whose name matches a glob of
   * `match` and none of `exclude`, or null when there is none. `git
   * describe` walks down from the commit only until it meets such tags,
   * where `for-each-ref --merged` walks the whole history (about 100 ms on
   * 20,000 commits without a commit-graph, wherever the commit is).
   */
  async nearestTag(
    commit: string,
    options: { match: string[]; exclude?: string[] },
  ): Promise<string | null> {
    assertSafeRevision(commit);
    const { stdout, stderr, exitCode } = await this.git(
      [
        'describe',
        '--tags',
        '--abbrev=0',
        ...options.match.map(m => `--match=${m}`),
        ...(options.exclude ?? []).map(m => `--exclude=${m}`),
        '--end-of-options',
        commit,
      ],
      [128],
    );
    if (exitCode === 0) return stdout.trim() || null;
    // "No names found" (no tags at all) or "No tags can describe <commit>".
    if (/No names found|No tags can describe/.test(stderr)) return null;
    throw new GitCommandError({ args: ['describe', commit], exitCode, stderr });
  }

  /**
   * Lists tags with one `git for-each-ref`; with `mergedInto`, only tags
   * whose commit is reachable from that commit id.
   */
  async listTags(options?: { mergedInto?: string }): Promise<GitTag[]> {
    const args = ['for-each-ref', TAG_FORMAT];
    if (options?.mergedInto) {
      if (!HEX.test(options.mergedInto)) {
        throw new InvalidRevisionError(
          options.mergedInto,
          'expected a commit id',
        );
      }
      args.push(`--merged=${options.mergedInto}`);
    }
    args.push('refs/tags');
    const { stdout } = await this.git(args);
    const tags: GitTag[] = [];
    for (const line of stdout.split('\n')) {
      if (!line) continue;
      const [name, type, object, peeled, date] = line.split('\x1f');
      if (type === 'tag') {
        // Annotated tags of trees or blobs have no commit to release.
        if (!peeled) continue;
        tags.push({ name, sha: peeled, date, annotated: true });
      } else if (type === 'commit') {
        tags.push({ name, sha: object, date, annotated: false });
      }
    }
    return tags;
  }

  /**
   * Reads commits with a single `git log` process: reachable from any of
   * `include`, not from any of `exclude` (commit ids or checked revisions).
   */
  async log(options: {
    include: string[];
    exclude?: string[];
  }): Promise<RawCommit[]>;
  /**
   * With `map`, each commit is transformed as soon as git has written it,
   * so the work overlaps the history walk instead of following it.
   */
  async log<T>(options: {
    include: string[];
    exclude?: string[];
    map: (commit: RawCommit) => T;
  }): Promise<T[]>;
  async log<T>(options: {
    include: string[];
    exclude?: string[];
    map?: (commit: RawCommit) => T;
  }): Promise<Array<T | RawCommit>> {
    const revisions = [
      ...options.include,
      ...(options.exclude ?? []).map(r => `^${r}`),
    ];
    for (const r of [...options.include, ...(options.exclude ?? [])]) {
      assertSafeRevision(r);
    }
    if (options.include.length === 0) return [];
    const map = options.map;
    // Parsed while git writes: default (date) order streams, where
    // --topo-order would hold all output back until the walk is done.
    const commits: Array<T | RawCommit> = [];
    const batch: RawCommit[] = [];
    const take = () => {
      if (map) for (const c of batch) commits.push(map(c));
      else commits.push(...batch);
      batch.length = 0;
    };
    // The record cut at the end of the previous chunk. A chunk is parsed
    // where it lies; only that record is joined across the boundary, so no
    // 64 KiB chunk is copied into a new string.
    let pending = '';
    await runGit(
      ['log', '-z', LOG_FORMAT, '--end-of-options', ...revisions, '--'],
      {
        cwd: this.dir,
        config: this.config,
        onStdout: text => {
          const first = text.indexOf('\0');
          if (first === -1) {
            pending += text;
            return;
          }
          const joined = pending + text.slice(0, first);
          parseLogRecords(joined, 0, joined.length, batch);
          const last = text.lastIndexOf('\0');
          parseLogRecords(text, first + 1, last, batch);
          take();
          pending = text.slice(last + 1);
        },
      },
    );
    if (pending) parseLogRecords(pending, 0, pending.length, batch);
    take();
    return commits;
  }
}

/** Parses `git log -z` output in the LOG_FORMAT layout. */
export function parseLogOutput(stdout: string): RawCommit[] {
  return parseLogRecords(stdout, 0, stdout.length, []);
}

/**
 * Parses the NUL-separated records in `text[from, to)` into `commits`.
 * Fields are cut from `text` by position, without an intermediate string
 * per record: over 20,000 commits the copies cost more than the parse.
 */
function parseLogRecords(
  text: string,
  from: number,
  to: number,
  commits: RawCommit[],
): RawCommit[] {
  let start = from;
  while (start < to) {
    let end = text.indexOf('\0', start);
    if (end === -1 || end > to) end = to;
    const record = start;
    start = end + 1;
    // The five field separators; a record without them is not a commit.
    const f1 = text.indexOf('\x1f', record);
    if (f1 === -1 || f1 >= end) continue;
    const f2 = text.indexOf('\x1f', f1 + 1);
    if (f2 === -1 || f2 >= end) continue;
    const f3 = text.indexOf('\x1f', f2 + 1);
    if (f3 === -1 || f3 >= end) continue;
    const f4 = text.indexOf('\x1f', f3 + 1);
    if (f4 === -1 || f4 >= end) continue;
    const f5 = text.indexOf('\x1f', f4 + 1);
    if (f5 === -1 || f5 >= end) continue;
    // git log appends a newline after %B; the message keeps its own.
    const messageEnd =
      text.charCodeAt(end - 1) === 10 && end - 1 > f5 ? end - 1 : end;
    commits.push({
      sha: text.slice(record, f1),
      parents: f2 > f1 + 1 ? text.slice(f1 + 1, f2).split(' ') : [],
      authorName: text.slice(f2 + 1, f3),
      authorEmail: text.slice(f3 + 1, f4),
      date: text.slice(f4 + 1, f5),
      message: text.slice(f5 + 1, messageEnd),
    });
  }
  return commits;
}
