import type { GitRepository } from '../../git/GitRepository';
import { runGit } from '../../git/runGit';

// Branch names reaching these helpers are built by the publishers from
// validated parts (environment names, promotion ids), never raw user input.

function git(repo: GitRepository, args: string[], okExitCodes?: number[]) {
  return runGit(args, { cwd: repo.dir, config: repo.config, okExitCodes });
}

/** Mirrors one remote branch into the local clone, which follows its remote. */
export async function fetchBranch(
  repo: GitRepository,
  branch: string,
): Promise<void> {
  await git(repo, [
    'fetch',
    '--quiet',
    'origin',
    `+refs/heads/${branch}:refs/heads/${branch}`,
  ]);
}

/** Tips of the given branches on the remote; a missing branch has no entry. */
export async function remoteTips(
  repo: GitRepository,
  branches: string[],
): Promise<Map<string, string>> {
  const refs = branches.map(b => `refs/heads/${b}`);
  const { stdout } = await git(repo, [
    'ls-remote',
    '--quiet',
    'origin',
    ...refs,
  ]);
  const tips = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const [sha, ref] = line.split('\t');
    // ls-remote matches patterns by their tail; keep exact names only.
    const i = refs.indexOf(ref);
    if (sha && i !== -1) tips.set(branches[i], sha);
  }
  return tips;
}

/** Compare-and-set update of a local branch; false when it had moved. */
export async function updateLocalBranch(
  repo: GitRepository,
  branch: string,
  sha: string,
  expected: string | null,
): Promise<boolean> {
  const { exitCode } = await runGit(
    [
      'update-ref',
      '-m',
      'releases: promotion',
      `refs/heads/${branch}`,
      sha,
      expected ?? '0'.repeat(40),
    ],
    { cwd: repo.dir, okExitCodes: [128, 1] },
  );
  return exitCode === 0;
}

/** Removes a local branch (no-op when it does not exist). */
export async function deleteLocalBranch(
  repo: GitRepository,
  branch: string,
): Promise<void> {
  await runGit(['update-ref', '-d', `refs/heads/${branch}`], {
    cwd: repo.dir,
    okExitCodes: [1],
  });
}

/**
 * Pushes `sha` (or, when null, a deletion) to a remote branch; false when
 * the remote refused it. Without `lease` the push must fast-forward the
 * branch (or create it). With `lease` it replaces the branch only while the
 * remote still holds `lease.expected` (null: the branch must not exist).
 */
export async function pushBranch(
  repo: GitRepository,
  options: {
    branch: string;
    sha: string | null;
    lease?: { expected: string | null };
  },
): Promise<boolean> {
  const ref = `refs/heads/${options.branch}`;
  const args = ['push', '--quiet', '--porcelain'];
  if (options.lease)
    args.push(`--force-with-lease=${ref}:${options.lease.expected ?? ''}`);
  args.push('origin', `${options.sha ?? ''}:${ref}`);
  const { exitCode } = await git(repo, args, [1]);
  return exitCode === 0;
}

/**
 * Whether two commits are the same change: tree, parents, author, committer
 * and message alike, only the dates differing (a commit rebuilt a second
 * later). False when either is not in the local repository.
 */
export async function sameCommitButDates(
  repo: GitRepository,
  a: string,
  b: string,
): Promise<boolean> {
  if (a === b) return true;
  const read = async (sha: string) => {
    const { stdout, exitCode } = await git(
      repo,
      ['cat-file', 'commit', sha],
      [128],
    );
    if (exitCode !== 0) return null;
    // Headers end at the first blank line; the dates are the last two fields
    // of the author and committer lines.
    const end = stdout.indexOf('\n\n');
    const headers = (end === -1 ? stdout : stdout.slice(0, end)).replace(
      /^((?:author|committer) .*) \d+ [+-]\d{4}$/gm,
      '$1',
    );
    return end === -1 ? headers : headers + stdout.slice(end);
  };
  const [left, right] = await Promise.all([read(a), read(b)]);
  return left !== null && left === right;
}
