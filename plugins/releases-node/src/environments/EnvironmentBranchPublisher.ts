import type { GitRepository } from '../git/GitRepository';

/** The branch moved while we wrote it, more often than we retry. */
export class EnvironmentBranchBusyError extends Error {
  constructor(readonly branch: string, attempts: number) {
    super(`Branch ${branch} kept moving; gave up after ${attempts} attempts`);
    this.name = EnvironmentBranchBusyError.name;
  }
}

export interface EnvironmentCommit {
  /** Commit on the environment branch that holds the change. */
  sha: string;
  /** False when the branch already held this exact change (a retry). */
  created: boolean;
  /** The pull or merge request that carried the change, when it went through one. */
  pullRequestUrl?: string;
}

/** What one attempt built: a commit on the tip it read, or nothing to do. */
export type PreparedEnvironmentCommit =
  | {
      kind: 'commit';
      sha: string;
      /** The tip the commit was built on; null for a branch's first commit. */
      parent: string | null;
    }
  | {
      /** The tip already records this change. */
      kind: 'unchanged';
      tip: string;
    };

/** One change to an environment branch, as handed to a publisher. */
export interface EnvironmentBranchUpdate {
  /** Local repository the commit is built in; its `origin` is the remote, if any. */
  repo: GitRepository;
  /** Environment name, e.g. `qa`. */
  environment: string;
  /** The environment branch, `environment/<name>`. */
  branch: string;
  /** Promotion that asked for the change, when there is one. */
  promotionId: string | null;
  /** Commit message; its first line doubles as a pull or merge request's title. */
  message: string;
  /**
   * Reads the local branch and builds the commit on its tip. Called once
   * per attempt, after the publisher brought the local branch up to date,
   * so a branch that moved is re-read and the commit rebuilt on the new tip.
   */
  prepare(): Promise<PreparedEnvironmentCommit>;
}

/**
 * How a prepared commit reaches the environment branch: a compare-and-set
 * update of a local branch and a non-forced push, or a pull or merge
 * request on the host. Implementations retry a bounded number of times when the branch
 * moves and then throw EnvironmentBranchBusyError; they never force-push
 * the environment branch.
 */
export interface EnvironmentBranchPublisher {
  publish(update: EnvironmentBranchUpdate): Promise<EnvironmentCommit>;
}
