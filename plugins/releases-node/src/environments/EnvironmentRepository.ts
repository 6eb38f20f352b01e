import {
  environmentBranch,
  type EnvironmentDefinition,
} from '@releases-for-backstage/plugin-releases-common';
import { GitRepository } from '../git/GitRepository';
import { UnknownRefError } from '../git/errors';
import { runGit } from '../git/runGit';
import type {
  EnvironmentBranchPublisher,
  EnvironmentCommit,
} from './EnvironmentBranchPublisher';
import { DirectBranchPublisher } from './publishers/DirectBranchPublisher';
import {
  ENVIRONMENT_FILE,
  parseEnvironmentFile,
  setComponentEntry,
  type ComponentDeployment,
  type EnvironmentFile,
} from './environmentFile';

export { EnvironmentBranchBusyError } from './EnvironmentBranchPublisher';
export type { EnvironmentCommit } from './EnvironmentBranchPublisher';
export { ENVIRONMENT_FILE } from './environmentFile';
export type { ComponentDeployment, EnvironmentFile } from './environmentFile';

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
      new DirectBranchPublisher({
        remote: options.remote,
        maxAttempts: options.maxAttempts,
      });
  }

  get dir(): string {
    return this.repo.dir;
  }

  private git(args: string[], input?: string) {
    return runGit(args, {
      cwd: this.repo.dir,
      config: this.repo.config,
      input,
    });
  }

  /** Tip of an environment branch, or null when the branch does not exist. */
  async tip(env: string): Promise<string | null> {
    const { stdout, exitCode } = await runGit(
      [
        'rev-parse',
        '--verify',
        '--quiet',
        '--end-of-options',
        `refs/heads/${environmentBranch(env)}^{commit}`,
      ],
      { cwd: this.repo.dir, okExitCodes: [1] },
    );
    return exitCode === 0 ? stdout.trim() : null;
  }

  /** Reads an environment's file; empty when the branch does not exist yet. */
  async read(
    env: EnvironmentDefinition,
  ): Promise<EnvironmentFile & { tip: string | null }> {
    const { tip, text } = await this.readText(env.name);
    if (!tip) return { environment: { ...env }, components: {}, tip };
    return { ...parseEnvironmentFile(text, env), tip };
  }

  /**
   * The file as a commit of an environment branch holds it (e.g. `<sha>^`,
   * before a promotion's commit); null when the commit or the file does not
   * exist. The revision must be a commit id, optionally followed by `^`.
   */
  async readAt(
    revision: string,
    env: EnvironmentDefinition,
  ): Promise<EnvironmentFile | null> {
    if (!/^[0-9a-f]{7,64}\^?$/.test(revision))
      throw new Error(`Not a commit id: '${revision}'`);
    const { stdout, exitCode } = await runGit(
      ['cat-file', 'blob', `${revision}:${ENVIRONMENT_FILE}`],
      {
        cwd: this.repo.dir,
        okExitCodes: [128],
      },
    );
    return exitCode === 0 ? parseEnvironmentFile(stdout, env) : null;
  }

  /** The tip of an environment branch and its file as it is, '' when there is none. */
  private async readText(
    env: string,
  ): Promise<{ tip: string | null; text: string }> {
    const tip = await this.tip(env);
    if (!tip) return { tip, text: '' };
    const { stdout, exitCode } = await runGit(
      ['cat-file', 'blob', `${tip}:${ENVIRONMENT_FILE}`],
      { cwd: this.repo.dir, okExitCodes: [128] },
    );
    return { tip, text: exitCode === 0 ? stdout : '' };
  }

  /**
   * Every version of an environment's file, oldest first, with the commit
   * and its date: one `git log` and one `git cat-file --batch` process.
   */
  async history(
    env: EnvironmentDefinition,
  ): Promise<Array<{ sha: string; date: string; file: EnvironmentFile }>> {
    const tip = await this.tip(env.name);
    if (!tip) return [];
    const { stdout } = await this.git([
      'log',
      '--reverse',
      '--format=%H %cI',
      tip,
    ]);
    const commits = stdout
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [sha, date] = line.split(' ');
        return { sha, date };
      });
    const batch = await this.git(
      ['cat-file', '--batch'],
      `${commits.map(c => `${c.sha}:${ENVIRONMENT_FILE}`).join('\n')}\n`,
    );
    // Output: "<oid> blob <size>\n<content>\n" or "<name> missing\n" per request.
    const out = Buffer.from(batch.stdout, 'utf8');
    const result: Array<{ sha: string; date: string; file: EnvironmentFile }> =
      [];
    let pos = 0;
    for (const c of commits) {
      const nl = out.indexOf(10, pos);
      const header = out.subarray(pos, nl).toString('utf8');
      pos = nl + 1;
      if (header.endsWith(' missing')) continue;
      const size = Number(header.split(' ')[2]);
      const content = out.subarray(pos, pos + size).toString('utf8');
      pos += size + 1;
      result.push({
        sha: c.sha,
        date: c.date,
        file: parseEnvironmentFile(content, env),
      });
    }
    return result;
  }

  /**
   * Records `component` at `deployment.version` on the environment branch.
   * Only that component's entry of the file changes; every other byte of
   * the file is kept. Idempotent per promotion: when the tip already
   * records this promotion with this version, nothing is written.
   */
  async writeDeployment(options: {
    env: EnvironmentDefinition;
    component: string;
    deployment: ComponentDeployment;
    message: string;
    author: { name: string; email: string };
  }): Promise<EnvironmentCommit> {
    return this.publishEntry({
      env: options.env,
      component: options.component,
      entry: options.deployment,
      promotionId: options.deployment.promotion,
      message: options.message,
      author: options.author,
      isDone: existing =>
        existing !== null &&
        existing.version === options.deployment.version &&
        existing.promotion === options.deployment.promotion,
    });
  }

  /**
   * Undoes a deployment that a failed promotion recorded: puts the
   * component's entry back to `previous`, or removes it when `previous` is
   * null, as a new commit on the environment branch (history is never
   * rewritten), through the same publisher as writeDeployment. Only that
   * entry of the file changes. Idempotent: when the tip's entry already
   * equals `previous` (same version, commit and promotion; or no entry
   * when `previous` is null), nothing is written and the result holds the
   * tip with `created: false`.
   *
   * @param options.revertOf - the promotion (and its commit, when it made
   *   one) being undone; the publisher gets its promotion id.
   * @param options.message - the commit message, in Git's revert format.
   * @throws UnknownRefError when the environment branch does not exist and
   *   `previous` is null: there is nothing to revert and no commit to name.
   */
  async revertDeployment(options: {
    env: EnvironmentDefinition;
    component: string;
    previous: ComponentDeployment | null;
    revertOf: { promotionId: string; commit: string | null };
    message: string;
    author: { name: string; email: string };
  }): Promise<EnvironmentCommit> {
    const { previous } = options;
    return this.publishEntry({
      env: options.env,
      component: options.component,
      entry: previous,
      promotionId: options.revertOf.promotionId,
      message: options.message,
      author: options.author,
      isDone: existing =>
        previous === null
          ? existing === null
          : existing !== null &&
            existing.version === previous.version &&
            existing.commit === previous.commit &&
            existing.promotion === previous.promotion,
    });
  }

  /**
   * Records several components at once, as one commit of the environment
   * branch (a product promotion): every entry changes or none does. The
   * same idempotency as writeDeployment, per entry: when the tip already
   * records every one of them, nothing is written.
   */
  async writeDeployments(options: {
    env: EnvironmentDefinition;
    deployments: Record<string, ComponentDeployment>;
    promotionId: string;
    message: string;
    author: { name: string; email: string };
  }): Promise<EnvironmentCommit> {
    const entries = new Map(Object.entries(options.deployments));
    return this.publishEntries({
      env: options.env,
      entries,
      promotionId: options.promotionId,
      message: options.message,
      author: options.author,
      isDone: (component, existing) => {
        const wanted = entries.get(component)!;
        return (
          existing !== null &&
          existing.version === wanted.version &&
          existing.promotion === wanted.promotion
        );
      },
    });
  }

  /**
   * Puts several components' entries back as they were (null removes one),
   * as one revert commit; idempotent like revertDeployment.
   */
  async revertDeployments(options: {
    env: EnvironmentDefinition;
    previous: Record<string, ComponentDeployment | null>;
    promotionId: string;
    message: string;
    author: { name: string; email: string };
  }): Promise<EnvironmentCommit> {
    const entries = new Map(Object.entries(options.previous));
    return this.publishEntries({
      env: options.env,
      entries,
      promotionId: options.promotionId,
      message: options.message,
      author: options.author,
      isDone: (component, existing) =>
        sameEntry(existing, entries.get(component)!),
    });
  }

  private publishEntry(change: {
    env: EnvironmentDefinition;
    component: string;
    entry: ComponentDeployment | null;
    promotionId: string | null;
    message: string;
    author: { name: string; email: string };
    isDone: (existing: ComponentDeployment | null) => boolean;
  }): Promise<EnvironmentCommit> {
    return this.publishEntries({
      ...change,
      entries: new Map([[change.component, change.entry]]),
      isDone: (_, existing) => change.isDone(existing),
    });
  }

  /**
   * Sets (or removes, for null) components' entries on the environment
   * branch in one commit through the publisher, unless `isDone` says the
   * tip's entries already are what they should be.
   */
  private async publishEntries(change: {
    env: EnvironmentDefinition;
    entries: Map<string, ComponentDeployment | null>;
    promotionId: string | null;
    message: string;
    author: { name: string; email: string };
    isDone: (
      component: string,
      existing: ComponentDeployment | null,
    ) => boolean;
  }): Promise<EnvironmentCommit> {
    const { env } = change;
    const branch = environmentBranch(env.name);
    return this.publisher.publish({
      repo: this.repo,
      environment: env.name,
      branch,
      promotionId: change.promotionId,
      message: change.message,
      prepare: async () => {
        const { tip, text } = await this.readText(env.name);
        const current = parseEnvironmentFile(text, env);
        const existingOf = (component: string) => {
          const found: unknown = Object.prototype.hasOwnProperty.call(
            current.components,
            component,
          )
            ? current.components[component]
            : null;
          return found !== null && typeof found === 'object'
            ? (found as ComponentDeployment)
            : null;
        };
        const components = [...change.entries.keys()];
        if (components.every(c => change.isDone(c, existingOf(c)))) {
          if (tip) return { kind: 'unchanged', tip };
          if (components.every(c => change.entries.get(c) === null))
            throw new UnknownRefError(branch, this.repo.dir);
        }
        let next = text;
        let environment = current.environment;
        for (const component of components) {
          next = setComponentEntry(
            next,
            environment,
            component,
            change.entries.get(component)!,
          );
          environment = parseEnvironmentFile(next, env).environment;
        }
        if (tip && next === text) return { kind: 'unchanged', tip };
        const sha = await this.commitFile(
          tip,
          next,
          change.message,
          change.author,
        );
        return { kind: 'commit', sha, parent: tip };
      },
    });
  }

  private async commitFile(
    parent: string | null,
    content: string,
    message: string,
    author: { name: string; email: string },
  ): Promise<string> {
    const blob = (
      await this.git(['hash-object', '-w', '--stdin'], content)
    ).stdout.trim();
    // Keep every other file of the branch as it is.
    let entries: string[] = [];
    if (parent) {
      const { stdout } = await this.git(['ls-tree', '-z', parent]);
      entries = stdout
        .split('\0')
        .filter(e => e && !e.endsWith(`\t${ENVIRONMENT_FILE}`));
    }
    entries.push(`100644 blob ${blob}\t${ENVIRONMENT_FILE}`);
    const tree = (
      await this.git(['mktree', '-z'], `${entries.join('\0')}\0`)
    ).stdout.trim();
    const args = [
      'commit-tree',
      tree,
      ...(parent ? ['-p', parent] : []),
      '-F',
      '-',
    ];
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

/** The same entry: same version, commit and promotion; or both absent. */
function sameEntry(
  existing: ComponentDeployment | null,
  wanted: ComponentDeployment | null,
): boolean {
  if (wanted === null) return existing === null;
  return (
    existing !== null &&
    existing.version === wanted.version &&
    existing.commit === wanted.commit &&
    existing.promotion === wanted.promotion
  );
}
