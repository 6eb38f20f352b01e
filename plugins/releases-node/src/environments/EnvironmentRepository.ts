import { parse, stringify } from 'yaml';
import {
  environmentBranch,
  type EnvironmentDefinition,
} from '@releases-for-backstage/plugin-releases-common';
import { GitRepository } from '../git/GitRepository';
import { runGit } from '../git/runGit';
import type {
  EnvironmentBranchPublisher,
  EnvironmentCommit,
} from './EnvironmentBranchPublisher';
import { DirectBranchPublisher } from './publishers/DirectBranchPublisher';

export { EnvironmentBranchBusyError } from './EnvironmentBranchPublisher';
export type { EnvironmentCommit } from './EnvironmentBranchPublisher';

/** The file each environment branch holds. */
export const ENVIRONMENT_FILE = 'environment.yaml';

export interface ComponentDeployment {
  version: string;
  commit: string | null;
  appRepo: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
  promotion: string | null;
}

export interface EnvironmentFile {
  environment: EnvironmentDefinition & { targets?: string[] };
  components: Record<string, ComponentDeployment>;
}

export interface EnvironmentRepositoryOptions {
  /** The repository is a clone; writes go to its `origin` (direct publisher). */
  remote?: boolean;
  /** Attempts before EnvironmentBranchBusyError (direct publisher, default 5). */
  maxAttempts?: number;
  /**
   * How a prepared commit reaches the environment branch; default: a
   * compare-and-set update of the branch, after a non-forced push when
   * `remote` is set.
   */
  publisher?: EnvironmentBranchPublisher;
}

function toFile(text: string, env: EnvironmentDefinition): EnvironmentFile {
  const data = (parse(text) ?? {}) as Partial<EnvironmentFile>;
  return {
    environment: { ...env, ...(data.environment ?? {}) },
    components: data.components ?? {},
  };
}

/**
 * The environment repository: one branch per environment, each with an
 * `environment.yaml`. Writes build the commit with plumbing commands, so
 * there is no work tree to leave half-changed, and hand it to a publisher
 * that moves the branch (see EnvironmentBranchPublisher); a branch that
 * moved underneath is re-read and the commit rebuilt, never overwritten.
 */
export class EnvironmentRepository {
  private readonly publisher: EnvironmentBranchPublisher;

  constructor(
    private readonly repo: GitRepository,
    options: EnvironmentRepositoryOptions = {},
  ) {
    this.publisher =
      options.publisher ??
      new DirectBranchPublisher({ remote: options.remote, maxAttempts: options.maxAttempts });
  }

  get dir(): string {
    return this.repo.dir;
  }

  private git(args: string[], input?: string) {
    return runGit(args, { cwd: this.repo.dir, config: this.repo.config, input });
  }

  /** Tip of an environment branch, or null when the branch does not exist. */
  async tip(env: string): Promise<string | null> {
    const { stdout, exitCode } = await runGit(
      ['rev-parse', '--verify', '--quiet', '--end-of-options', `refs/heads/${environmentBranch(env)}^{commit}`],
      { cwd: this.repo.dir, okExitCodes: [1] },
    );
    return exitCode === 0 ? stdout.trim() : null;
  }

  /** Reads an environment's file; empty when the branch does not exist yet. */
  async read(env: EnvironmentDefinition): Promise<EnvironmentFile & { tip: string | null }> {
    const tip = await this.tip(env.name);
    if (!tip) return { environment: { ...env }, components: {}, tip };
    const { stdout, exitCode } = await runGit(
      ['cat-file', '-p', `${tip}:${ENVIRONMENT_FILE}`],
      { cwd: this.repo.dir, okExitCodes: [128] },
    );
    return { ...toFile(exitCode === 0 ? stdout : '', env), tip };
  }

  /**
   * Every version of an environment's file, oldest first, with the commit
   * and its date: one `git log` and one `git cat-file --batch` process.
   */
  async history(env: EnvironmentDefinition): Promise<Array<{ sha: string; date: string; file: EnvironmentFile }>> {
    const tip = await this.tip(env.name);
    if (!tip) return [];
    const { stdout } = await this.git(['log', '--reverse', '--format=%H %cI', tip]);
    const commits = stdout.split('\n').filter(Boolean).map(line => {
      const [sha, date] = line.split(' ');
      return { sha, date };
    });
    const batch = await this.git(
      ['cat-file', '--batch'],
      commits.map(c => `${c.sha}:${ENVIRONMENT_FILE}`).join('\n') + '\n',
    );
    // Output: "<oid> blob <size>\n<content>\n" or "<name> missing\n" per request.
    const out = Buffer.from(batch.stdout, 'utf8');
    const result: Array<{ sha: string; date: string; file: EnvironmentFile }> = [];
    let pos = 0;
    for (const c of commits) {
      const nl = out.indexOf(10, pos);
      const header = out.subarray(pos, nl).toString('utf8');
      pos = nl + 1;
      if (header.endsWith(' missing')) continue;
      const size = Number(header.split(' ')[2]);
      const content = out.subarray(pos, pos + size).toString('utf8');
      pos += size + 1;
      result.push({ sha: c.sha, date: c.date, file: toFile(content, env) });
    }
    return result;
  }

  /**
   * Records `component` at `deployment.version` on the environment branch.
   * Idempotent per promotion: when the tip already records this promotion
   * with this version, nothing is written.
   */
  async writeDeployment(options: {
    env: EnvironmentDefinition;
    component: string;
    deployment: ComponentDeployment;
    message: string;
    author: { name: string; email: string };
  }): Promise<EnvironmentCommit> {
    return this.publisher.publish({
      repo: this.repo,
      environment: options.env.name,
      branch: environmentBranch(options.env.name),
      promotionId: options.deployment.promotion,
      message: options.message,
      prepare: async () => {
        const current = await this.read(options.env);
        const existing = current.components[options.component];
        if (
          current.tip &&
          existing &&
          existing.version === options.deployment.version &&
          existing.promotion === options.deployment.promotion
        ) {
          return { kind: 'unchanged', tip: current.tip };
        }
        const next: EnvironmentFile = {
          environment: current.environment,
          components: { ...current.components, [options.component]: options.deployment },
        };
        const sha = await this.commitFile(current.tip, stringify(next), options.message, options.author);
        return { kind: 'commit', sha, parent: current.tip };
      },
    });
  }

  private async commitFile(
    parent: string | null,
    content: string,
    message: string,
    author: { name: string; email: string },
  ): Promise<string> {
    const blob = (await this.git(['hash-object', '-w', '--stdin'], content)).stdout.trim();
    // Keep every other file of the branch as it is.
    let entries: string[] = [];
    if (parent) {
      const { stdout } = await this.git(['ls-tree', '-z', parent]);
      entries = stdout.split('\0').filter(e => e && !e.endsWith(`\t${ENVIRONMENT_FILE}`));
    }
    entries.push(`100644 blob ${blob}\t${ENVIRONMENT_FILE}`);
    const tree = (await this.git(['mktree', '-z'], `${entries.join('\0')}\0`)).stdout.trim();
    const args = ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-F', '-'];
    const { stdout } = await runGit(args, {
      cwd: this.repo.dir,
      input: message,
      env: {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
      },
    });
    return stdout.trim();
  }
}
