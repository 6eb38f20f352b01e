/*
 * The risk labels Git can tell about a change (source `git`): how big the
 * change is, how big the component is, and whether the change is
 * functional by its conventional-commit types. Coverage and feature
 * toggles are for pipelines and people to report: Git leaves them unknown.
 */
import {
  parseCommitMessage,
  type LabeledChangeLabels,
  type LabeledValue,
  type Size,
} from '@releases-for-backstage/plugin-releases-common';
import type { GitRepository } from '../git/GitRepository';
import { InvalidRevisionError, UnknownRefError } from '../git/errors';
import { GitCommandError, runGit } from '../git/runGit';
import { assertSafeRevision } from '../git/GitRepository';
import type { Change } from './groupCommitsIntoChanges';

/** Inclusive upper bounds of the sizes below XL; anything above `L` is XL. */
export interface SizeThresholds {
  XS: number;
  S: number;
  M: number;
  L: number;
}

export interface ChangeSizeThresholds {
  /** By lines added plus lines deleted. */
  lines: SizeThresholds;
  /**
   * Floors by files touched: a change touching more than `L` files is at
   * least L, more than `XL` files XL, however few its lines.
   */
  manyFiles: { L: number; XL: number };
}

/**
 * Size of a change: XS up to 10 lines, S up to 50, M up to 250, L up to
 * 1000, XL above; at least L above 50 files, XL above 250 files. Lines are
 * added plus deleted, over the change's own diff (a pull request's merge
 * against its first parent). Binary files count as files, without lines.
 * A pure rename counts as a file with no lines.
 */
export const DEFAULT_CHANGE_SIZE_THRESHOLDS: ChangeSizeThresholds = {
  lines: { XS: 10, S: 50, M: 250, L: 1000 },
  manyFiles: { L: 50, XL: 250 },
};

/**
 * Size of a component by the files Git tracks at the head: XS up to 10,
 * S up to 100, M up to 1000, L up to 10,000, XL above.
 */
export const DEFAULT_COMPONENT_SIZE_THRESHOLDS: SizeThresholds = {
  XS: 10,
  S: 100,
  M: 1000,
  L: 10_000,
};

/** Conventional-commit types that change behaviour. */
export const FUNCTIONAL_COMMIT_TYPES: readonly string[] = [
  'feat',
  'fix',
  'perf',
  'revert',
];

/** Conventional-commit types that do not change behaviour. */
export const NON_FUNCTIONAL_COMMIT_TYPES: readonly string[] = [
  'docs',
  'chore',
  'test',
  'ci',
  'style',
  'build',
  'refactor',
];

const ORDER: readonly Size[] = ['XS', 'S', 'M', 'L', 'XL'];

function bySize(n: number, t: SizeThresholds): Size {
  if (n <= t.XS) return 'XS';
  if (n <= t.S) return 'S';
  if (n <= t.M) return 'M';
  if (n <= t.L) return 'L';
  return 'XL';
}

function larger(a: Size, b: Size): Size {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

/** Size of a change of `lines` lines in `files` files. */
export function sizeOfChange(
  lines: number,
  files: number,
  thresholds: ChangeSizeThresholds = DEFAULT_CHANGE_SIZE_THRESHOLDS,
): Size {
  let size = bySize(lines, thresholds.lines);
  if (files > thresholds.manyFiles.XL) size = larger(size, 'XL');
  else if (files > thresholds.manyFiles.L) size = larger(size, 'L');
  return size;
}

/** Size of a component of `files` tracked files. */
export function sizeOfComponent(
  files: number,
  thresholds: SizeThresholds = DEFAULT_COMPONENT_SIZE_THRESHOLDS,
): Size {
  return bySize(files, thresholds);
}

export interface ComponentSizeOptions {
  /** The revision whose tree is counted (default `HEAD`). */
  revision?: string;
  /** Only files below this folder, for a component inside a monorepo. */
  path?: string;
  thresholds?: SizeThresholds;
}

/**
 * Counts the files Git tracks at a revision, with one `git ls-tree`
 * (works in the bare clones the backend keeps, where `ls-files` does not).
 */
export async function countTrackedFiles(
  repo: GitRepository,
  options: { revision?: string; path?: string } = {},
): Promise<number> {
  const revision = options.revision ?? 'HEAD';
  assertSafeRevision(revision);
  const args = [
    'ls-tree',
    '-r',
    '-z',
    '--name-only',
    '--end-of-options',
    `${revision}^{tree}`,
  ];
  if (options.path) args.push('--', options.path);
  let stdout: string;
  try {
    ({ stdout } = await runGit(args, { cwd: repo.dir, config: repo.config }));
  } catch (error) {
    if (error instanceof GitCommandError && error.exitCode === 128) {
      throw new UnknownRefError(revision, repo.dir);
    }
    throw error;
  }
  let count = 0;
  for (let i = stdout.indexOf('\0'); i >= 0; i = stdout.indexOf('\0', i + 1))
    count++;
  return count;
}

/**
 * The `component` label (source `git`) from the number of files tracked at
 * the head. It changes rarely and walks the whole tree: callers cache it
 * per head sha and hand it to computeGitLabels as `component`.
 */
export async function computeComponentSize(
  repo: GitRepository,
  options: ComponentSizeOptions = {},
): Promise<LabeledChangeLabels> {
  const files = await countTrackedFiles(repo, options);
  return {
    component: {
      value: sizeOfComponent(files, options.thresholds),
      source: 'git',
    },
  };
}

/** What the change's diff held. */
export interface ChangeDiffStats {
  /** Distinct paths touched (a rename counts once, by its new path). */
  files: number;
  /** Lines added plus lines deleted, binary files not counted. */
  lines: number;
  binaryFiles: number;
  renames: number;
}

export interface GitLabels {
  /** Labels Git could tell, with source `git`; unknown ones are absent. */
  labels: LabeledChangeLabels;
  /** What was computed and from what, one sentence per label. */
  notes: string[];
  /** The diff the change size came from; null for a change without commits. */
  diff: ChangeDiffStats | null;
}

export interface ComputeGitLabelsOptions {
  /**
   * The component size, as computeComponentSize returned it (cached by
   * head sha); `null` leaves it out; absent, it is counted here.
   */
  component?: LabeledValue<Size> | null;
  /** Passed to computeComponentSize when the size is counted here. */
  componentOptions?: ComponentSizeOptions;
  changeThresholds?: ChangeSizeThresholds;
}

interface CommitDiff {
  sha: string;
  parents: string[];
  message: string;
  /** Path -> lines (null for binary). */
  files: Map<string, number | null>;
  renames: number;
}

const HEX = /^[0-9a-f]{4,64}$/i;
const NUMSTAT = /^(\d+|-)\t(\d+|-)\t([\s\S]*)$/;

/**
 * Parses `git log -z --numstat --format=%x01%H %P%x1f%B` output: a header
 * record per commit, then its numstat records (`added\tdeleted\tpath`, or
 * `added\tdeleted\t` followed by the old and the new path for a rename).
 */
export function parseNumstatLog(stdout: string): CommitDiff[] {
  const tokens = stdout.split('\0');
  const commits: CommitDiff[] = [];
  let current: CommitDiff | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i].replace(/^\n/, '');
    if (token.startsWith('\x01')) {
      const sep = token.indexOf('\x1f');
      const ids = token.slice(1, sep < 0 ? undefined : sep).split(' ');
      current = {
        sha: ids[0],
        parents: ids.slice(1).filter(Boolean),
        message: sep < 0 ? '' : token.slice(sep + 1).replace(/\n$/, ''),
        files: new Map(),
        renames: 0,
      };
      commits.push(current);
      continue;
    }
    const m = current ? NUMSTAT.exec(token) : null;
    if (!current || !m) continue;
    let path = m[3];
    if (path === '') {
      // A rename or copy: old path, then new path, in their own records.
      path = tokens[i + 2] ?? '';
      i += 2;
      current.renames++;
    }
    const lines = m[1] === '-' ? null : Number(m[1]) + Number(m[2]);
    current.files.set(path, lines);
  }
  return commits;
}

async function readCommitDiffs(
  repo: GitRepository,
  shas: readonly string[],
): Promise<CommitDiff[]> {
  for (const sha of shas) {
    if (!HEX.test(sha)) {
      throw new InvalidRevisionError(sha, 'expected a commit id');
    }
  }
  try {
    // One process for all commits; merges against their first parent, which
    // is what they brought to the main line.
    const { stdout } = await runGit(
      [
        'log',
        '--no-walk=unsorted',
        '--stdin',
        '-z',
        '--numstat',
        '-M',
        '--diff-merges=first-parent',
        '--format=%x01%H %P%x1f%B',
      ],
      { cwd: repo.dir, config: repo.config, input: `${shas.join('\n')}\n` },
    );
    return parseNumstatLog(stdout);
  } catch (error) {
    if (error instanceof GitCommandError && error.exitCode === 128) {
      const bad = /bad (?:object|revision) '?([^'\s]+)/.exec(error.stderr);
      throw new UnknownRefError(bad?.[1] ?? shas.join(', '), repo.dir);
    }
    throw error;
  }
}

/**
 * Commits whose diff is already inside a merge of the same change: those
 * a merge brought in through its other parents.
 */
function coveredByMerges(commits: CommitDiff[]): Set<string> {
  const bySha = new Map(commits.map(c => [c.sha, c]));
  const covered = new Set<string>();
  for (const merge of commits) {
    if (merge.parents.length < 2) continue;
    const stack = merge.parents.slice(1);
    while (stack.length > 0) {
      const sha = stack.pop()!;
      const c = bySha.get(sha);
      if (!c || covered.has(sha)) continue;
      covered.add(sha);
      stack.push(...c.parents);
    }
  }
  return covered;
}

function diffStats(commits: CommitDiff[]): ChangeDiffStats {
  const covered = coveredByMerges(commits);
  const paths = new Set<string>();
  const binary = new Set<string>();
  let lines = 0;
  let renames = 0;
  for (const c of commits) {
    if (covered.has(c.sha)) continue;
    renames += c.renames;
    for (const [path, n] of c.files) {
      paths.add(path);
      if (n === null) binary.add(path);
      else lines += n;
    }
  }
  return { files: paths.size, lines, binaryFiles: binary.size, renames };
}

function short(sha: string) {
  return sha.slice(0, 8);
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `functional` by conventional-commit types; undefined when they do not tell. */
function functionalOf(
  commits: CommitDiff[],
  title: string | undefined,
): { value: boolean | undefined; note: string } {
  const evidence: Array<{ what: string; message: string }> = [];
  for (const c of commits) {
    if (c.parents.length > 1) continue;
    evidence.push({ what: short(c.sha), message: c.message });
  }
  const fromTitle = title ? parseCommitMessage(title) : undefined;
  const functional: string[] = [];
  const nonFunctional: string[] = [];
  const unparseable: string[] = [];
  const judge = (
    what: string,
    parsed: ReturnType<typeof parseCommitMessage>,
  ) => {
    if (parsed.mergeHeader) return;
    const type = parsed.type;
    if (
      parsed.revert !== null ||
      parsed.bang ||
      parsed.breakingNotes.length > 0 ||
      (type !== null && FUNCTIONAL_COMMIT_TYPES.includes(type))
    ) {
      const why =
        parsed.bang || parsed.breakingNotes.length > 0
          ? 'breaking'
          : type ?? 'revert';
      functional.push(`${why} in ${what}`);
    } else if (type !== null && NON_FUNCTIONAL_COMMIT_TYPES.includes(type)) {
      nonFunctional.push(type);
    } else {
      unparseable.push(what);
    }
  };
  for (const e of evidence) judge(e.what, parseCommitMessage(e.message));
  // The request's title counts when it is conventional; a plain title says nothing.
  if (fromTitle && fromTitle.type !== null) judge('the title', fromTitle);
  if (functional.length > 0) {
    return {
      value: true,
      note: `functional: true from ${functional.slice(0, 3).join(', ')}`,
    };
  }
  if (unparseable.length > 0) {
    return {
      value: undefined,
      note: `functional: unknown (not a conventional commit: ${unparseable
        .slice(0, 3)
        .join(', ')}${unparseable.length > 3 ? ', ...' : ''})`,
    };
  }
  if (nonFunctional.length === 0) {
    return {
      value: undefined,
      note: 'functional: unknown (no commit but merges to read a type from)',
    };
  }
  return {
    value: false,
    note: `functional: false (only ${[...new Set(nonFunctional)].join(
      ', ',
    )} commits)`,
  };
}

/**
 * The labels Git tells about one change (source `git`), with one `git log
 * --numstat` for all its commits and, unless `component` is given, one
 * `git ls-tree` for the component:
 *
 * - `change`: from the lines and files of the change's diff (see
 *   DEFAULT_CHANGE_SIZE_THRESHOLDS); a merge counts against its first
 *   parent and the commits it brought in are not counted again;
 * - `component`: from the files tracked at the head (see
 *   DEFAULT_COMPONENT_SIZE_THRESHOLDS);
 * - `functional`: true when any commit (or the request's conventional
 *   title) is feat, fix, perf, a revert or breaking; false when every
 *   commit is docs, chore, test, ci, style, build or refactor; unknown
 *   when a commit is not conventional;
 * - `ft-coverage` and `feature-toggle`: unknown.
 */
export async function computeGitLabels(
  repo: GitRepository,
  change: Pick<Change, 'commits'> & { title?: string },
  options: ComputeGitLabelsOptions = {},
): Promise<GitLabels> {
  const labels: LabeledChangeLabels = {};
  const notes: string[] = [];
  let diff: ChangeDiffStats | null = null;

  if (change.commits.length === 0) {
    notes.push('change: unknown (the change has no commits)');
  } else {
    const commits = await readCommitDiffs(repo, change.commits);
    diff = diffStats(commits);
    const size = sizeOfChange(diff.lines, diff.files, options.changeThresholds);
    labels.change = { value: size, source: 'git' };
    const extras = [
      diff.binaryFiles > 0
        ? `${plural(diff.binaryFiles, 'binary file')} without lines`
        : '',
      diff.renames > 0 ? plural(diff.renames, 'rename') : '',
    ].filter(Boolean);
    notes.push(
      `change: ${size} from ${plural(diff.lines, 'line')} in ${plural(
        diff.files,
        'file',
      )}${extras.length ? ` (${extras.join(', ')})` : ''}`,
    );
    const functional = functionalOf(commits, change.title);
    if (functional.value !== undefined) {
      labels.functional = { value: functional.value, source: 'git' };
    }
    notes.push(functional.note);
  }
  if (change.commits.length === 0) {
    notes.push('functional: unknown (the change has no commits)');
  }

  if (options.component === null) {
    notes.push('component: not computed (left out by the caller)');
  } else if (options.component !== undefined) {
    labels.component = options.component;
    notes.push(`component: ${options.component.value} (computed at the head)`);
  } else {
    const componentOptions = options.componentOptions ?? {};
    const files = await countTrackedFiles(repo, componentOptions);
    const size = sizeOfComponent(files, componentOptions.thresholds);
    labels.component = { value: size, source: 'git' };
    notes.push(
      `component: ${size} from ${plural(files, 'tracked file')} at ${
        componentOptions.revision ?? 'HEAD'
      }${componentOptions.path ? ` below ${componentOptions.path}` : ''}`,
    );
  }
  notes.push(
    'ft-coverage: unknown (Git cannot tell; a pipeline or an SCM label reports it)',
    'feature-toggle: unknown (Git cannot tell; a pipeline or an SCM label reports it)',
  );
  return { labels, notes, diff };
}
