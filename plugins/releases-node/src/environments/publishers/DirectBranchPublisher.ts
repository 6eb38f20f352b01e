import {
  EnvironmentBranchBusyError,
  type EnvironmentBranchPublisher,
  type EnvironmentBranchUpdate,
  type EnvironmentCommit,
} from '../EnvironmentBranchPublisher';
import { fetchBranch, pushBranch, updateLocalBranch } from './remoteBranches';

export interface DirectBranchPublisherOptions {
  /** Push to `origin` (a clone of a remote repository) as well. */
  remote?: boolean;
  /** Attempts before EnvironmentBranchBusyError (default 5). */
  maxAttempts?: number;
}

/**
 * Moves the environment branch itself: a compare-and-set `update-ref` in
 * the local repository, after a non-forced push for a remote one. A branch
 * that moved underneath is re-read and the commit rebuilt, never overwritten.
 */
export class DirectBranchPublisher implements EnvironmentBranchPublisher {
  constructor(private readonly options: DirectBranchPublisherOptions = {}) {}

  async publish(update: EnvironmentBranchUpdate): Promise<EnvironmentCommit> {
    const { repo, branch } = update;
    const attempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (this.options.remote) {
        // The branch does not exist yet on a new environment's first write.
        await fetchBranch(repo, branch).catch(() => undefined);
      }
      const prepared = await update.prepare();
      if (prepared.kind === 'unchanged')
        return { sha: prepared.tip, created: false };
      // A plain push is refused unless it fast-forwards the remote branch.
      if (
        this.options.remote &&
        !(await pushBranch(repo, { branch, sha: prepared.sha }))
      )
        continue;
      if (
        await updateLocalBranch(repo, branch, prepared.sha, prepared.parent)
      ) {
        return { sha: prepared.sha, created: true };
      }
    }
    throw new EnvironmentBranchBusyError(branch, attempts);
  }
}
