import type { GitRepository } from '../../git/GitRepository';
import { runGit } from '../../git/runGit';

// Branch names reaching these helpers are built by the publishers from
// validated parts (environment names, promotion ids), never raw user input.

function git(repo: GitRepository, args: string[], okExitCodes?: number[]) {
  return runGit(args, { cwd: repo.dir, config: repo.config, okExitCodes });
}

/** Mirrors one remote branch into the local clone, which follows its remote. */
export async function fetchBranch(repo: GitRepository, branch: string): Promise<void> {
  await git(repo, ['fetch', '--quiet', 'origin', `+refs/heads/${branch}:refs/heads/${branch}`]);
}

/** Tips of the given branches on the remote; a missing branch has no entry. */
export async function remoteTips(repo: GitRepository, branches: string[]): Promise<Map<string, string>> {
  const refs = branches.map(b => `refs/heads/${b}`);
  const { stdout } = await git(repo, ['ls-remote', '--quiet', 'origin', ...refs]);
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
    ['update-ref', '-m', 'releases: promotion', `refs/heads/${branch}`, sha, expected ?? '0'.repeat(40)],
    { cwd: repo.dir, okExitCodes: [128, 1] },
  );
  return exitCode === 0;
}

/** Removes a local branch (no-op when it does not exist). */
export async function deleteLocalBranch(repo: GitRepository, branch: string): Promise<void> {
  await runGit(['update-ref', '-d', `refs/heads/${branch}`], { cwd: repo.dir, okExitCodes: [1] });
}

/**
 * Pushes `sha` (or, when null, a deletion) to a remote branch; false when
 * the remote refused it. Without `lease` the push must fast-forward the
 * branch (or create it). With `lease` it replaces the branch only while the
 * remote still holds `lease.expected` (null: the branch must not exist).
 */
export async function pushBranch(
  repo: GitRepository,
  options: { branch: string; sha: string | null; lease?: { expected: string | null } },
): Promise<boolean> {
  const ref = `refs/heads/${options.branch}`;
  const args = ['push', '--quiet', '--porcelain'];
  if (options.lease) args.push(`--force-with-lease=${ref}:${options.lease.expected ?? ''}`);
  args.push('origin', `${options.sha ?? ''}:${ref}`);
  const { exitCode } = await git(repo, args, [1]);
  return exitCode === 0;
}
