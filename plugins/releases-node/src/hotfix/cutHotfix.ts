import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildChangelog,
  compareSemVer,
  isValidRefName,
  parseCommit,
  parseReleaseTag,
  renderChangelogMarkdown,
} from '@releases-for-backstage/plugin-releases-common';
import type {
  Changelog,
  PresetId,
  ReleaseTag,
  VersioningPreset,
} from '@releases-for-backstage/plugin-releases-common';
import { GitRepository } from '../git/GitRepository';
import type { GitTag } from '../git/GitRepository';
import { GitCommandError, runGit } from '../git/runGit';
import { worktreeWithBranch } from '../git/worktrees';
import type { RunGitOptions } from '../git/runGit';
import { prependChangelogSection } from './changelogFile';
import {
  HotfixAlreadyAppliedError,
  HotfixBranchError,
  HotfixConflictError,
  HotfixRaceError,
  InvalidHotfixRequestError,
  InvalidHotfixTargetError,
} from './errors';

/** Who the cherry-picks are committed by and the tag is made by. */
export interface HotfixIdentity {
  name: string;
  email: string;
}

export interface CutHotfixOptions {
  /** A local repository, bare or with a work tree (which is never touched). */
  repoPath: string;
  /** Extra Git configuration, as `GitRepository.open` takes it. */
  config?: Record<string, string>;
  /** The change's commits, oldest first; picked in this order. */
  fixShas: string[];
  /** The final release to patch, e.g. `v1.4.0` or `cart-v1.4.0`. */
  target: string;
  /** Tag prefix of the component (default `v`). */
  tagPrefix?: string;
  /** Commit convention of the changelog (default `conventionalcommits`). */
  preset?: PresetId | VersioningPreset;
  /** Committer of the cherry-picks (their authors stay), author of the release commit, tagger. */
  author: HotfixIdentity;
  /** Web URL of the repository, for links in the changelog. */
  repoUrl?: string;
  /** Release branch; default `release/X.Y` (`release/cart-X.Y` for prefix `cart-v`). */
  branch?: string;
  /** Changelog file the section is prepended to when the branch has it (default `CHANGELOG.md`). */
  changelogPath?: string;
  /** Time of the commits, the tag and the changelog date (default: now). */
  now?: Date;
  /**
   * Called when the commits and the tag object are ready and nothing is
   * published yet; a throw here leaves the repository as it was. Tests use
   * it to race the hotfix.
   */
  beforePublish?: (prepared: {
    branch: string;
    tag: string;
    sha: string;
  }) => Promise<void> | void;
}

export interface CutHotfixResult {
  /** `release/1.4` */
  branch: string;
  /** True when the branch did not exist and was cut from the release. */
  createdBranch: boolean;
  /** The cherry-picked commit (of the last fix commit, when there are several). */
  sha: string;
  /** Every cherry-picked commit, oldest first. */
  cherryPicks: string[];
  /** The commit the tag points at and the branch's new tip: the release commit when the changelog file was updated, `sha` otherwise. */
  tip: string;
  /** `v1.4.1` */
  tag: string;
  /** `1.4.1` */
  version: string;
  /** The patch this one follows on the branch (`1.4.0`). */
  previousVersion: string;
  changelog: Changelog;
  /** The new tag's section, as in the tag message and the changelog file. */
  changelogMarkdown: string;
  /** True when the changelog file was updated in a `chore(release)` commit. */
  changelogUpdated: boolean;
}

const COMMIT_ID = /^[0-9a-f]{4,64}$/i;
// Characters Git cannot keep in an ident line (`Name <email> time zone`).
const BAD_IDENT = /[<>\n\r\0]/;

function releaseBranchName(prefix: string, target: ReleaseTag): string {
  // `v` is the version's marker, not the component's name: `cart-v` → `cart-`.
  const stem = prefix.endsWith('v') ? prefix.slice(0, -1) : prefix;
  return `release/${stem}${target.major}.${target.minor}`;
}

function checkIdentity(author: HotfixIdentity): HotfixIdentity {
  const name = author?.name?.trim();
  const email = author?.email?.trim();
  if (!name || !email || BAD_IDENT.test(name) || BAD_IDENT.test(email)) {
    throw new InvalidHotfixRequestError(
      `the author identity needs a name and an email without '<', '>' or line breaks`,
    );
  }
  return { name, email };
}

function checkChangelogPath(path: string): string {
  const parts = path.split('/');
  if (
    !path ||
    path.startsWith('/') ||
    path.startsWith('-') ||
    parts.some(p => p === '' || p === '.' || p === '..')
  ) {
    throw new InvalidHotfixRequestError(
      `changelog path '${path}' must be a relative path inside the repository`,
    );
  }
  return path;
}

/**
 * Cuts a hotfix: cherry-picks the fix onto the release branch of `target`
 * (cut from the release when missing) and tags the next free patch with
 * the fix's changelog. The work happens in a temporary detached worktree,
 * so the repository's own checkout and index are never touched and bare
 * repositories work. Nothing is published until everything is ready; the
 * branch and the tag then move in one `update-ref --stdin` transaction
 * with old-value checks, so either both appear or neither does, and a
 * branch or tag that changed meanwhile fails the whole hotfix
 * (`HotfixRaceError`).
 */
export async function cutHotfix(
  options: CutHotfixOptions,
): Promise<CutHotfixResult> {
  const prefix = options.tagPrefix ?? 'v';
  const author = checkIdentity(options.author);
  const changelogPath = checkChangelogPath(
    options.changelogPath ?? 'CHANGELOG.md',
  );
  const now = options.now ?? new Date();
  const repo = await GitRepository.open(options.repoPath, {
    config: options.config,
  });
  const git = (args: string[], extra?: Partial<RunGitOptions>) =>
    runGit(args, { cwd: repo.dir, config: repo.config, ...extra });
  const isAncestor = async (ancestor: string, descendant: string) =>
    (
      await git(['merge-base', '--is-ancestor', ancestor, descendant], {
        okExitCodes: [1],
      })
    ).exitCode === 0;

  // The target: an existing final release tag of this component.
  const target = parseReleaseTag(options.target, prefix);
  if (!target) {
    throw new InvalidHotfixTargetError(
      options.target,
      `not a release tag with prefix '${prefix}' (such as ${prefix}1.4.0)`,
    );
  }
  if (target.isPrerelease) {
    throw new InvalidHotfixTargetError(
      options.target,
      'a prerelease; hotfix the final release (X.Y.Z) it became',
    );
  }
  const tags = await repo.listTags();
  const targetTag = tags.find(t => t.name === options.target);
  if (!targetTag) {
    throw new InvalidHotfixTargetError(
      options.target,
      `no such tag in ${repo.dir}`,
    );
  }

  // The patch line: its latest final release and the next free patch.
  let latest: { tag: GitTag; release: ReleaseTag } = {
    tag: targetTag,
    release: target,
  };
  for (const t of tags) {
    const r = parseReleaseTag(t.name, prefix);
    if (
      r &&
      !r.isPrerelease &&
      r.major === target.major &&
      r.minor === target.minor &&
      compareSemVer(r.version, latest.release.version) > 0
    ) {
      latest = { tag: t, release: r };
    }
  }
  const version = `${target.major}.${target.minor}.${latest.release.patch + 1}`;
  const tag = `${prefix}${version}`;
  const branch = options.branch ?? releaseBranchName(prefix, target);
  if (!isValidRefName(`refs/heads/${branch}`) || branch.startsWith('-')) {
    throw new InvalidHotfixRequestError(
      `'${branch}' is not a valid branch name`,
    );
  }

  const fixes = await resolveFixes(repo, options.fixShas);

  // Where the fix goes: the branch's tip, or the latest patch when it is missing.
  const { stdout: tipOut, exitCode: tipExit } = await git(
    ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`],
    { okExitCodes: [1] },
  );
  const oldTip = tipExit === 0 ? tipOut.trim() : null;
  const base = oldTip ?? latest.tag.sha;
  if (!(await isAncestor(targetTag.sha, base))) {
    throw new HotfixBranchError(
      branch,
      oldTip
        ? `its tip ${oldTip.slice(0, 12)} does not contain ${options.target}`
        : `${latest.tag.name}, the latest ${target.major}.${target.minor} release, does not contain ${options.target}`,
    );
  }
  if (oldTip && !(await isAncestor(latest.tag.sha, oldTip))) {
    throw new HotfixBranchError(
      branch,
      `its tip ${oldTip.slice(0, 12)} does not contain ${
        latest.tag.name
      }, the latest ${target.major}.${
        target.minor
      } release; a patch on it would drop that release's changes`,
    );
  }
  for (const fix of fixes) {
    if (await isAncestor(fix, base))
      throw new HotfixAlreadyAppliedError(fix, branch);
  }
  await assertNotCheckedOut(repo, branch);

  const identity = {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: now.toISOString(),
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
    GIT_COMMITTER_DATE: now.toISOString(),
  };
  const prepared = await withWorktree(repo, base, async wt => {
    const inTree = (args: string[], extra?: Partial<RunGitOptions>) =>
      runGit(args, {
        cwd: wt,
        config: repo.config,
        env: identity,
        ...extra,
      });
    const head = async () =>
      (await inTree(['rev-parse', 'HEAD'])).stdout.trim();

    const cherryPicks: string[] = [];
    for (const fix of fixes) {
      await cherryPick(inTree, fix, branch);
      cherryPicks.push(await head());
    }
    const sha = cherryPicks[cherryPicks.length - 1];

    // The section lists the picked commits, linked where they now are.
    const commits = await repo.log({
      include: [sha],
      exclude: [base],
      map: parseCommit,
    });
    const changelog = buildChangelog({
      commits,
      preset: options.preset ?? 'conventionalcommits',
      version,
      previousVersion: latest.release.version,
      date: now.toISOString(),
      repoUrl: options.repoUrl,
      tagPrefix: prefix,
    });
    const changelogMarkdown = renderChangelogMarkdown(changelog);

    let tip = sha;
    const { stdout: entry } = await inTree([
      'ls-tree',
      'HEAD',
      '--',
      changelogPath,
    ]);
    const changelogUpdated = /^\d+ blob /.test(entry);
    if (changelogUpdated) {
      const file = join(wt, changelogPath);
      const text = await readFile(file, 'utf8');
      await writeFile(file, prependChangelogSection(text, changelogMarkdown));
      await inTree(['add', '--', changelogPath]);
      // A generated commit: the repository's commit hooks are not for it.
      await inTree([
        'commit',
        '--quiet',
        '--no-verify',
        '-m',
        `chore(release): ${tag}`,
      ]);
      tip = await head();
    }
    return {
      cherryPicks,
      sha,
      tip,
      changelog,
      changelogMarkdown,
      changelogUpdated,
    };
  });

  const tagObject = await writeTagObject(repo, {
    name: tag,
    sha: prepared.tip,
    tagger: author,
    date: now,
    message: `Release ${tag}: hotfix of ${options.target}\n\n${prepared.changelogMarkdown}`,
  });
  await options.beforePublish?.({ branch, tag, sha: prepared.tip });

  // One transaction: the branch moves (from exactly `oldTip`, or is created)
  // and the tag is created, or neither happens.
  const input = `${
    oldTip
      ? `update refs/heads/${branch} ${prepared.tip} ${oldTip}`
      : `create refs/heads/${branch} ${prepared.tip}`
  }\ncreate refs/tags/${tag} ${tagObject}\n`;
  const published = await git(
    ['update-ref', '-m', `releases: hotfix ${tag}`, '--stdin'],
    { input, okExitCodes: [1, 128] },
  );
  if (published.exitCode !== 0) {
    throw new HotfixRaceError({
      branch,
      tag,
      reason: await raceReason(repo, { branch, tag, oldTip, published }),
    });
  }

  return {
    branch,
    createdBranch: oldTip === null,
    sha: prepared.sha,
    cherryPicks: prepared.cherryPicks,
    tip: prepared.tip,
    tag,
    version,
    previousVersion: latest.release.version,
    changelog: prepared.changelog,
    changelogMarkdown: prepared.changelogMarkdown,
    changelogUpdated: prepared.changelogUpdated,
  };
}

/** Full ids of the fix commits; merges and repeats are refused. */
async function resolveFixes(
  repo: GitRepository,
  fixShas: string[],
): Promise<string[]> {
  if (!Array.isArray(fixShas) || fixShas.length === 0) {
    throw new InvalidHotfixRequestError('no commits to cherry-pick');
  }
  const fixes: string[] = [];
  for (const given of fixShas) {
    if (!COMMIT_ID.test(given)) {
      throw new InvalidHotfixRequestError(`'${given}' is not a commit id`);
    }
    fixes.push(await repo.resolveCommit(given));
  }
  if (new Set(fixes).size !== fixes.length) {
    throw new InvalidHotfixRequestError('a commit is listed twice');
  }
  const { stdout } = await runGit(
    ['rev-list', '--no-walk=unsorted', '--parents', ...fixes],
    { cwd: repo.dir, config: repo.config },
  );
  for (const line of stdout.split('\n')) {
    const [sha, ...parents] = line.split(' ');
    if (sha && parents.length > 1) {
      throw new InvalidHotfixRequestError(
        `${sha.slice(
          0,
          12,
        )} is a merge commit; give the commits it brings in instead`,
      );
    }
  }
  return fixes;
}

/**
 * Refuses a branch checked out in a work tree: moving it would make that
 * checkout look as if its user had undone the fix.
 */
async function assertNotCheckedOut(
  repo: GitRepository,
  branch: string,
): Promise<void> {
  const path = await worktreeWithBranch(repo, branch);
  if (path !== null) {
    throw new HotfixBranchError(
      branch,
      `it is checked out in ${path}; moving it would change that checkout`,
    );
  }
}

/**
 * Runs `work` in a temporary worktree detached at `base`, and removes the
 * worktree afterwards whatever happens: nothing of it stays in
 * `git worktree list` or on disk.
 */
async function withWorktree<T>(
  repo: GitRepository,
  base: string,
  work: (dir: string) => Promise<T>,
): Promise<T> {
  const git = (args: string[]) =>
    runGit(args, { cwd: repo.dir, config: repo.config });
  const dir = await mkdtemp(join(tmpdir(), 'releases-hotfix-'));
  let added = false;
  try {
    await git(['worktree', 'add', '--detach', '--quiet', dir, base]);
    added = true;
    return await work(dir);
  } finally {
    if (added) {
      await git(['worktree', 'remove', '--force', dir]).catch(() => {
        // Pruned below once the folder is gone.
      });
    }
    await rm(dir, { recursive: true, force: true });
    if (added) await git(['worktree', 'prune']).catch(() => {});
  }
}

/**
 * Cherry-picks one commit with `-x`. A conflict or an empty result aborts
 * the pick and throws; the worktree is then as it was before.
 */
async function cherryPick(
  inTree: (
    args: string[],
    extra?: Partial<RunGitOptions>,
  ) => ReturnType<typeof runGit>,
  fix: string,
  branch: string,
): Promise<void> {
  // rerere could resolve a conflict from memory; a hotfix must not.
  const picked = await inTree(
    ['-c', 'rerere.enabled=false', 'cherry-pick', '-x', fix],
    { okExitCodes: [1] },
  );
  if (picked.exitCode === 0) return;
  const { stdout } = await inTree([
    'diff',
    '--name-only',
    '--diff-filter=U',
    '-z',
  ]);
  const files = [...new Set(stdout.split('\0').filter(Boolean))];
  // Nothing staged and nothing in conflict: the change is on the branch already.
  const empty =
    files.length === 0 &&
    (
      await inTree(['diff', '--cached', '--quiet', 'HEAD'], {
        okExitCodes: [1],
      })
    ).exitCode === 0;
  await inTree(['cherry-pick', '--abort'], { okExitCodes: [128] });
  if (files.length > 0)
    throw new HotfixConflictError({ fixSha: fix, branch, files });
  if (empty) throw new HotfixAlreadyAppliedError(fix, branch);
  throw new GitCommandError({
    args: ['cherry-pick', '-x', fix],
    exitCode: picked.exitCode,
    stderr: picked.stderr,
  });
}

/**
 * Writes an annotated tag object without creating its ref, so the ref can
 * be created in the same transaction as the branch.
 */
async function writeTagObject(
  repo: GitRepository,
  options: {
    name: string;
    sha: string;
    tagger: HotfixIdentity;
    date: Date;
    message: string;
  },
): Promise<string> {
  const seconds = Math.floor(options.date.getTime() / 1000);
  const input =
    `object ${options.sha}\ntype commit\ntag ${options.name}\n` +
    `tagger ${options.tagger.name} <${options.tagger.email}> ${seconds} +0000\n\n` +
    `${
      options.message.endsWith('\n') ? options.message : `${options.message}\n`
    }`;
  const { stdout } = await runGit(['mktag'], {
    cwd: repo.dir,
    config: repo.config,
    input,
  });
  return stdout.trim();
}

/** Why the publishing transaction failed, as read after it did. */
async function raceReason(
  repo: GitRepository,
  options: {
    branch: string;
    tag: string;
    oldTip: string | null;
    published: { stderr: string };
  },
): Promise<string> {
  const tagged = await repo.tagCommit(options.tag);
  if (tagged) {
    return `tag ${options.tag} was created meanwhile (on ${tagged.slice(
      0,
      12,
    )})`;
  }
  const { stdout, exitCode } = await runGit(
    [
      'rev-parse',
      '--verify',
      '--quiet',
      `refs/heads/${options.branch}^{commit}`,
    ],
    { cwd: repo.dir, config: repo.config, okExitCodes: [1] },
  );
  const tip = exitCode === 0 ? stdout.trim() : null;
  if (tip !== options.oldTip) {
    return options.oldTip
      ? `'${options.branch}' moved meanwhile from ${options.oldTip.slice(
          0,
          12,
        )} to ${tip ? tip.slice(0, 12) : 'nowhere (deleted)'}`
      : `'${options.branch}' was created meanwhile (at ${tip!.slice(0, 12)})`;
  }
  return options.published.stderr.trim().split('\n')[0] ?? 'update-ref failed';
}
