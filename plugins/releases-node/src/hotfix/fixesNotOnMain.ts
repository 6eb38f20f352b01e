import { GitRepository } from '../git/GitRepository';
import { runGit } from '../git/runGit';

/** A commit of a release branch whose change the main line lacks. */
export interface FixNotOnMain {
  sha: string;
  subject: string;
}

export interface FixesNotOnMainOptions {
  /** The release branch, e.g. `release/1.4` (a branch name or a commit id). */
  branch: string;
  /** The main line, e.g. `main` or `origin/main`. */
  mainRef: string;
  /** Where the branch starts, e.g. the release tag `v1.4.0`; default: its merge base with main. */
  base?: string;
  /** Extra Git configuration, as `GitRepository.open` takes it. */
  config?: Record<string, string>;
}

const CHERRY_PICKED =
  /^\(cherry picked from commit ([0-9a-f]{40}|[0-9a-f]{64})\)$/gm;

/**
 * Commits on a release branch after its base whose change is not on the
 * main line, oldest first: the fixes made on the branch that main would
 * lose. A commit counts as on main when `git cherry` finds a commit of the
 * same patch there, or when its `(cherry picked from commit X)` line names
 * a commit main contains (the fix was picked from main and then adjusted).
 * The `chore(release): …` commits that only update a CHANGELOG.md are
 * release bookkeeping, not fixes, and are left out; so are merges.
 */
export async function fixesNotOnMain(
  repoPath: string,
  options: FixesNotOnMainOptions,
): Promise<FixNotOnMain[]> {
  const repo = await GitRepository.open(repoPath, { config: options.config });
  const git = (args: string[], okExitCodes?: number[]) =>
    runGit(args, { cwd: repo.dir, config: repo.config, okExitCodes });
  const [branch, main] = await Promise.all([
    repo.resolveCommit(options.branch),
    repo.resolveCommit(options.mainRef),
  ]);
  const base = options.base
    ? await repo.resolveCommit(options.base)
    : (await git(['merge-base', main, branch])).stdout.trim();

  const { stdout: cherry } = await git(['cherry', main, branch, base]);
  const candidates = cherry
    .split('\n')
    .filter(line => line.startsWith('+ '))
    .map(line => line.slice(2).trim());
  if (candidates.length === 0) return [];

  const { stdout: log } = await git([
    'log',
    '--no-walk=unsorted',
    '-z',
    '--format=%H%x1f%P%x1f%s%x1f%B',
    ...candidates,
  ]);
  const out: FixNotOnMain[] = [];
  for (const record of log.split('\0')) {
    if (!record) continue;
    const [sha, parents, subject, message] = record.split('\x1f');
    if (parents.split(' ').filter(Boolean).length > 1) continue;
    if (await isReleaseCommit(git, sha, subject)) continue;
    let onMain = false;
    for (const m of message.matchAll(CHERRY_PICKED)) {
      const picked = await git(
        ['merge-base', '--is-ancestor', m[1], main],
        // 128: the picked commit is not in this repository.
        [1, 128],
      );
      if (picked.exitCode === 0) {
        onMain = true;
        break;
      }
    }
    if (!onMain) out.push({ sha, subject });
  }
  return out;
}

async function isReleaseCommit(
  git: (args: string[]) => ReturnType<typeof runGit>,
  sha: string,
  subject: string,
): Promise<boolean> {
  if (!subject.startsWith('chore(release): ')) return false;
  const { stdout } = await git([
    'diff-tree',
    '--no-commit-id',
    '--name-only',
    '-r',
    '-z',
    sha,
  ]);
  const files = stdout.split('\0').filter(Boolean);
  return (
    files.length > 0 &&
    files.every(f => f === 'CHANGELOG.md' || f.endsWith('/CHANGELOG.md'))
  );
}
