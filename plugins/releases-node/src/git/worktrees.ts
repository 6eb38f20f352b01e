import type { GitRepository } from './GitRepository';
import { runGit } from './runGit';

/**
 * The work tree that has `branch` checked out, or null. Cuts that move a
 * branch refuse one that is checked out: its files would then look like a
 * change undoing what was cut.
 */
export async function worktreeWithBranch(
  repo: GitRepository,
  branch: string,
): Promise<string | null> {
  const { stdout } = await runGit(['worktree', 'list', '--porcelain'], {
    cwd: repo.dir,
    config: repo.config,
  });
  let path = '';
  for (const line of stdout.split('\n')) {
    if (line.startsWith('worktree ')) path = line.slice('worktree '.length);
    if (line === `branch refs/heads/${branch}`) return path;
  }
  return null;
}
