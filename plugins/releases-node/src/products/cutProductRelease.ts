import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  isValidRefName,
  serializeProductManifest,
} from '@releases-for-backstage/plugin-releases-common';
import type { ProductManifest } from '@releases-for-backstage/plugin-releases-common';
import { GitRepository } from '../git/GitRepository';
import { runGit } from '../git/runGit';
import { worktreeWithBranch } from '../git/worktrees';
import type { RunGitOptions } from '../git/runGit';
import {
  InvalidProductReleaseError,
  ProductReleaseConflictError,
} from './errors';
import { checkManifestPath } from './readProductReleases';

/** Who commits the manifest and makes the tag. */
export interface ProductReleaseIdentity {
  name: string;
  email: string;
}

export interface CutProductReleaseOptions {
  /** A local repository, bare or with a work tree (which is never touched). */
  repoPath: string;
  /** Extra Git configuration, as `GitRepository.open` takes it. */
  config?: Record<string, string>;
  /** Branch the manifest is committed on (default `main`); created when missing. */
  branch?: string;
  /** The manifest of the release; its version names the tag. */
  manifest: ProductManifest;
  /** Tag prefix of the product (default `v`). */
  tagPrefix?: string;
  /** Path of the manifest in the repository (default `product.yaml`). */
  manifestPath?: string;
  /** Author and committer of the manifest commit, and tagger. */
  author: ProductReleaseIdentity;
  /** Commit message (default `chore(release): <product> <version>`). */
  message?: string;
  /** Time of the commit and the tag (default: now). */
  now?: Date;
  /**
   * The branch tip the release was computed from (`null`: the branch did
   * not exist). The commit is made on it, and the cut fails with
   * `ProductReleaseConflictError` unless the branch is still there when
   * published. Default: the tip when the cut starts.
   */
  expectedHead?: string | null;
  /**
   * Called when the commit and the tag object are ready and nothing is
   * published yet; a throw here leaves the repository as it was. Tests use
   * it to race the cut.
   */
  beforePublish?: (prepared: {
    branch: string;
    tag: string;
    commit: string;
  }) => Promise<void> | void;
}

export interface CutProductReleaseResult {
  /** `v3.4.0` */
  tag: string;
  /** `3.4.0` */
  version: string;
  branch: string;
  /** The commit the tag points at and the branch's tip. */
  commit: string;
  /** The branch tip before the cut; `null` when the branch was created. */
  previousHead: string | null;
  /** False when the branch already held exactly this manifest, and its tip was tagged. */
  committed: boolean;
  /** The manifest as written. */
  manifestText: string;
}

// Characters Git cannot keep in an ident line (`Name <email> time zone`).
const BAD_IDENT = /[<>\n\r\0]/;
const COMMIT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

function checkIdentity(author: ProductReleaseIdentity): ProductReleaseIdentity {
  const name = author?.name?.trim();
  const email = author?.email?.trim();
  if (!name || !email || BAD_IDENT.test(name) || BAD_IDENT.test(email)) {
    throw new InvalidProductReleaseError(
      `the author identity needs a name and an email without '<', '>' or line breaks`,
    );
  }
  return { name, email };
}

function defaultTagMessage(manifest: ProductManifest): string {
  const lines = Object.keys(manifest.components)
    .sort()
    .map(name => `${name} ${manifest.components[name].version}`);
  return `Release ${manifest.product} ${manifest.version}\n\n${lines.join(
    '\n',
  )}\n`;
}

/**
 * Cuts a product release: commits the manifest on the branch and tags that
 * commit `<prefix><version>` (annotated). Everything is checked first (the
 * manifest, names, identity, that the tag does not exist); the commit is
 * built in a temporary index, so no checkout is touched and bare
 * repositories work. The branch and the tag then move in one `update-ref
 * --stdin` transaction with old-value checks: both appear or neither does,
 * and a branch that moved or a tag that appeared meanwhile fails the cut
 * with `ProductReleaseConflictError`.
 */
export async function cutProductRelease(
  options: CutProductReleaseOptions,
): Promise<CutProductReleaseResult> {
  const prefix = options.tagPrefix ?? 'v';
  const branch = options.branch ?? 'main';
  const path = checkManifestPath(options.manifestPath ?? 'product.yaml');
  const author = checkIdentity(options.author);
  // Validates the manifest; throws InvalidProductManifestError naming the field.
  const manifestText = serializeProductManifest(options.manifest);
  const version = options.manifest.version;
  const tag = `${prefix}${version}`;
  if (!isValidRefName(`refs/tags/${tag}`) || tag.startsWith('-')) {
    throw new InvalidProductReleaseError(`'${tag}' is not a valid tag name`);
  }
  if (!isValidRefName(`refs/heads/${branch}`) || branch.startsWith('-')) {
    throw new InvalidProductReleaseError(
      `'${branch}' is not a valid branch name`,
    );
  }
  const expected = options.expectedHead;
  if (
    expected !== undefined &&
    expected !== null &&
    !COMMIT_ID.test(expected)
  ) {
    throw new InvalidProductReleaseError(
      `expected head '${expected}' is not a full commit id`,
    );
  }
  const now = options.now ?? new Date();

  const repo = await GitRepository.open(options.repoPath, {
    config: options.config,
  });
  const git = (args: string[], extra?: Partial<RunGitOptions>) =>
    runGit(args, { cwd: repo.dir, config: repo.config, ...extra });
  const resolve = async (ref: string): Promise<string | null> => {
    const { stdout, exitCode } = await git(
      ['rev-parse', '--verify', '--quiet', '--end-of-options', ref],
      { okExitCodes: [1] },
    );
    return exitCode === 0 ? stdout.trim() : null;
  };

  const existingTag = await resolve(`refs/tags/${tag}`);
  if (existingTag) {
    const on = (await resolve(`refs/tags/${tag}^{commit}`)) ?? existingTag;
    throw new ProductReleaseConflictError({
      tag,
      branch,
      reason: `tag ${tag} already exists (on ${on.slice(0, 12)})`,
    });
  }
  const head = await resolve(`refs/heads/${branch}^{commit}`);
  let base = head;
  if (expected !== undefined) {
    if (expected !== null && (await resolve(`${expected}^{commit}`)) === null) {
      throw new InvalidProductReleaseError(
        `expected head ${expected.slice(0, 12)} is not a commit of ${repo.dir}`,
      );
    }
    base = expected;
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
  const { commit, committed } = await withTemporaryIndex(async index => {
    const inIndex = (args: string[], extra?: Partial<RunGitOptions>) =>
      git(args, { env: { ...identity, GIT_INDEX_FILE: index }, ...extra });
    if (base) await inIndex(['read-tree', base]);
    else await inIndex(['read-tree', '--empty']);
    const blob = (
      await inIndex(['hash-object', '-w', '--no-filters', '--stdin'], {
        input: manifestText,
      })
    ).stdout.trim();
    await inIndex([
      'update-index',
      '--add',
      '--cacheinfo',
      `100644,${blob},${path}`,
    ]);
    const tree = (await inIndex(['write-tree'])).stdout.trim();
    if (base && (await resolve(`${base}^{tree}`)) === tree) {
      // The branch holds this manifest already: the release is its tip.
      return { commit: base, committed: false };
    }
    const parents = base ? ['-p', base] : [];
    const message =
      options.message ??
      `chore(release): ${options.manifest.product} ${version}`;
    const { stdout } = await inIndex(
      ['commit-tree', tree, ...parents, '-F', '-'],
      { input: message.endsWith('\n') ? message : `${message}\n` },
    );
    return { commit: stdout.trim(), committed: true };
  });

  const tagObject = await writeTagObject(repo, {
    name: tag,
    sha: commit,
    tagger: author,
    date: now,
    message: defaultTagMessage(options.manifest),
  });
  await options.beforePublish?.({ branch, tag, commit });

  // One transaction: the branch moves from exactly `base` (or is created,
  // or is checked to still be there) and the tag is created, or neither.
  let branchLine: string;
  if (!committed) branchLine = `verify refs/heads/${branch} ${base}`;
  else if (base) branchLine = `update refs/heads/${branch} ${commit} ${base}`;
  else branchLine = `create refs/heads/${branch} ${commit}`;
  const published = await git(
    ['update-ref', '-m', `releases: product release ${tag}`, '--stdin'],
    {
      input: `${branchLine}\ncreate refs/tags/${tag} ${tagObject}\n`,
      okExitCodes: [1, 128],
    },
  );
  if (published.exitCode !== 0) {
    const nowTagged = await resolve(`refs/tags/${tag}^{commit}`);
    const nowHead = await resolve(`refs/heads/${branch}^{commit}`);
    let reason: string;
    if (nowTagged) {
      reason = `tag ${tag} was created meanwhile (on ${nowTagged.slice(
        0,
        12,
      )})`;
    } else if (nowHead !== base) {
      reason = base
        ? `'${branch}' is at ${
            nowHead ? nowHead.slice(0, 12) : 'nowhere (deleted)'
          }, not at ${base.slice(0, 12)} the release was computed from`
        : `'${branch}' was created meanwhile (at ${nowHead!.slice(0, 12)})`;
    } else {
      reason = published.stderr.trim().split('\n')[0] || 'update-ref failed';
    }
    throw new ProductReleaseConflictError({ tag, branch, reason });
  }

  return {
    tag,
    version,
    branch,
    commit,
    previousHead: base,
    committed,
    manifestText,
  };
}

/**
 * Refuses a branch checked out in a work tree: moving it under that
 * checkout would make its files look like a change undoing the release.
 */
async function assertNotCheckedOut(
  repo: GitRepository,
  branch: string,
): Promise<void> {
  const path = await worktreeWithBranch(repo, branch);
  if (path !== null) {
    throw new InvalidProductReleaseError(
      `'${branch}' is checked out in ${path}; cut product releases in a bare clone, or on a branch no work tree has checked out`,
    );
  }
}

/** Runs `work` with the path of a fresh index file, removed afterwards. */
async function withTemporaryIndex<T>(
  work: (index: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'releases-product-'));
  try {
    return await work(join(dir, 'index'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An annotated tag object, without its ref, for the transaction to create. */
async function writeTagObject(
  repo: GitRepository,
  options: {
    name: string;
    sha: string;
    tagger: ProductReleaseIdentity;
    date: Date;
    message: string;
  },
): Promise<string> {
  const seconds = Math.floor(options.date.getTime() / 1000);
  const input = `object ${options.sha}\ntype commit\ntag ${options.name}\ntagger ${options.tagger.name} <${options.tagger.email}> ${seconds} +0000\n\n${options.message}`;
  const { stdout } = await runGit(['mktag'], {
    cwd: repo.dir,
    config: repo.config,
    input,
  });
  return stdout.trim();
}
