import { isValidRefName } from '@releases-for-backstage/plugin-releases-common';
import { InvalidRevisionError, RepositoryNotFoundError } from '../../git/errors';
import type { GitRepository } from '../../git/GitRepository';
import {
  EnvironmentBranchBusyError,
  type EnvironmentBranchPublisher,
  type EnvironmentBranchUpdate,
  type EnvironmentCommit,
} from '../EnvironmentBranchPublisher';
import { GithubApiError } from './GithubApiError';
import { deleteLocalBranch, fetchBranch, pushBranch, remoteTips } from './remoteBranches';

export interface GithubPullRequestPublisherOptions {
  /** Owner (user or organization) of the repository on GitHub. */
  owner: string;
  /** Name of the repository on GitHub. */
  repo: string;
  /** REST API of the GitHub host (default https://api.github.com). */
  apiBaseUrl?: string;
  /**
   * Token for the REST API, asked once per write so that short-lived
   * GitHub App tokens stay fresh. Git itself authenticates through the
   * repository's own configuration.
   */
  getToken(): Promise<string | undefined>;
  /** Attempts before giving up (default 5). */
  maxAttempts?: number;
  /**
   * Wait before trying again after GitHub refused a merge although the base
   * branch had not moved (default 1000 ms): GitHub works out mergeability in
   * the background after a push, and may refuse until it has.
   */
  retryDelayMs?: number;
}

interface PullRequest {
  number: number;
  url: string;
}

type MergeResult =
  | { merged: true; sha: string }
  | { merged: false; status: number; error: GithubApiError };

const DEFAULT_API_BASE_URL = 'https://api.github.com';

/** Owner and name of a GitHub repository from its web or HTTPS clone URL. */
export function parseGithubRepositoryUrl(url: string): { owner: string; repo: string } {
  const match = /^https?:\/\/[^/]+\/([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(url);
  if (!match) {
    throw new RepositoryNotFoundError(url, 'not a GitHub repository URL (https://<host>/<owner>/<repo>)');
  }
  return { owner: match[1], repo: match[2] };
}

/** The head branch of a promotion's pull request: owned by this tool, one per promotion and environment. */
export function pullRequestBranch(promotionId: string | null, environment: string): string {
  if (!promotionId) {
    throw new InvalidRevisionError(
      `releases/promotion-?-${environment}`,
      'a pull request needs a promotion id to name its head branch',
    );
  }
  const name = `releases/promotion-${promotionId}-${environment}`;
  if (!isValidRefName(name)) {
    throw new InvalidRevisionError(name, "not a valid Git branch name (see 'git check-ref-format')");
  }
  return name;
}

function alreadyExists(data: any): boolean {
  return Array.isArray(data?.errors) && data.errors.some((e: any) => /already exists/i.test(String(e?.message ?? '')));
}

/**
 * Writes an environment branch on GitHub through a pull request. Each
 * attempt pushes the prepared commit (built on the branch's current tip) to
 * the head branch `releases/promotion-<id>-<env>`, opens the pull request
 * once, and merges it with the head commit as the expected `sha`. When the
 * base moved, or GitHub answers 405/409, the commit is rebuilt on the new
 * tip and pushed again, a bounded number of times. The environment branch
 * is never pushed to, let alone forced, except to create it.
 *
 * Idempotent per promotion: a retry finds the open pull request by its head
 * branch instead of opening another, and does nothing when the tip already
 * records the change. Giving up closes the pull request and deletes the
 * head branch, so nothing is left that could be merged by hand later.
 */
export class GithubPullRequestPublisher implements EnvironmentBranchPublisher {
  private readonly apiBaseUrl: string;
  private readonly repoPath: string;
  private readonly repository: string;

  constructor(private readonly options: GithubPullRequestPublisherOptions) {
    this.apiBaseUrl = (options.apiBaseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, '');
    this.repoPath = `/repos/${encodeURIComponent(options.owner)}/${encodeURIComponent(options.repo)}`;
    this.repository = `${options.owner}/${options.repo}`;
  }

  async publish(update: EnvironmentBranchUpdate): Promise<EnvironmentCommit> {
    const { repo, branch: base } = update;
    const head = pullRequestBranch(update.promotionId, update.environment);
    const token = await this.options.getToken();
    const attempts = this.options.maxAttempts ?? 5;
    // Asked before anything is pushed, so bad credentials leave no trace;
    // finds the pull request of an earlier run cut off by a crash.
    let pr = await this.findOpenPullRequest(token, head, base);
    let refusal: GithubApiError | undefined;
    try {
      for (let attempt = 1; attempt <= attempts; attempt++) {
        refusal = undefined;
        const tips = await remoteTips(repo, [base, head]);
        const baseTip = tips.get(base) ?? null;
        if (baseTip) await fetchBranch(repo, base);
        else await deleteLocalBranch(repo, base);
        const prepared = await update.prepare();
        if (prepared.kind === 'unchanged') {
          // An earlier run recorded it; anything it left open is of no use.
          await this.cleanUp(token, repo, head, pr);
          return { sha: prepared.tip, created: false };
        }
        // Another write in this process moved the local branch meanwhile.
        if (prepared.parent !== baseTip) continue;
        if (prepared.parent === null) {
          // A pull request needs a base branch: a new environment's first
          // record creates it, which cannot overwrite anything.
          if (!(await pushBranch(repo, { branch: base, sha: prepared.sha, lease: { expected: null } }))) continue;
          await fetchBranch(repo, base);
          return { sha: prepared.sha, created: true };
        }
        // The head branch is named for this promotion, so what it holds came
        // from an earlier attempt of this same write and may be replaced.
        // Replaced rather than deleted and pushed again: deleting the head of
        // an open pull request closes it on GitHub. The lease on the tip just
        // read still keeps two workers from silently overwriting each other.
        const pushed = await pushBranch(repo, {
          branch: head,
          sha: prepared.sha,
          lease: { expected: tips.get(head) ?? null },
        });
        if (!pushed) continue;
        pr ??= await this.openPullRequest(token, { head, base, message: update.message });
        // GitHub would merge onto a moved base with a textual three-way merge
        // of environment.yaml; rebuilding on the new tip keeps the file ours.
        if ((await remoteTips(repo, [base])).get(base) !== prepared.parent) continue;
        const merge = await this.merge(token, pr.number, prepared.sha);
        if (merge.merged) {
          await fetchBranch(repo, base);
          await this.deleteHeadBranch(token, head);
          return { sha: merge.sha, created: true, pullRequestUrl: pr.url };
        }
        if (merge.status === 405 && (await remoteTips(repo, [base])).get(base) === prepared.parent) {
          // Refused although the base did not move: a branch rule, or
          // mergeability not worked out yet. Wait, and name it if it stays.
          refusal = merge.error;
          if (attempt < attempts) await delay(this.options.retryDelayMs ?? 1000);
        }
      }
    } catch (error) {
      await this.cleanUp(token, repo, head, pr);
      throw error;
    }
    await this.cleanUp(token, repo, head, pr);
    throw refusal ?? new EnvironmentBranchBusyError(base, attempts);
  }

  private async findOpenPullRequest(
    token: string | undefined,
    head: string,
    base: string,
  ): Promise<PullRequest | undefined> {
    const query = new URLSearchParams({ head: `${this.options.owner}:${head}`, base, state: 'open' });
    const { data } = await this.request(token, 'GET', `${this.repoPath}/pulls?${query}`, { ok: [200] });
    const found = Array.isArray(data) ? data[0] : undefined;
    return found ? { number: found.number, url: found.html_url } : undefined;
  }

  private async openPullRequest(
    token: string | undefined,
    options: { head: string; base: string; message: string },
  ): Promise<PullRequest> {
    const [title, ...rest] = options.message.split('\n');
    const path = `${this.repoPath}/pulls`;
    const { status, data } = await this.request(token, 'POST', path, {
      body: { title, head: options.head, base: options.base, body: rest.join('\n').trim() },
      ok: [201, 422],
    });
    if (status === 201) return { number: data.number, url: data.html_url };
    // Opened by someone else between our look-up and now.
    const found = alreadyExists(data) ? await this.findOpenPullRequest(token, options.head, options.base) : undefined;
    if (found) return found;
    throw this.error({ method: 'POST', path, status, data, token });
  }

  private async merge(token: string | undefined, number: number, sha: string): Promise<MergeResult> {
    const path = `${this.repoPath}/pulls/${number}/merge`;
    // `sha` makes GitHub refuse (409) if the head is no longer what we pushed.
    const { status, data } = await this.request(token, 'PUT', path, {
      body: { merge_method: 'merge', sha },
      ok: [200, 405, 409],
    });
    if (status === 200 && data?.merged && typeof data.sha === 'string') return { merged: true, sha: data.sha };
    return { merged: false, status, error: this.error({ method: 'PUT', path, status, data, token }) };
  }

  private async deleteHeadBranch(token: string | undefined, head: string): Promise<void> {
    const ref = head.split('/').map(encodeURIComponent).join('/');
    // Best effort: the merge is done, and repositories that delete head
    // branches on merge answer 422.
    await this.request(token, 'DELETE', `${this.repoPath}/git/refs/heads/${ref}`, { ok: [204, 422] }).catch(
      () => undefined,
    );
  }

  /**
   * Closes the pull request and deletes the head branch (through Git, which
   * works even when the API refused the token). Best effort: the error that
   * got us here says more than one from cleaning up.
   */
  private async cleanUp(
    token: string | undefined,
    repo: GitRepository,
    head: string,
    pr: PullRequest | undefined,
  ): Promise<void> {
    if (pr) {
      await this.request(token, 'PATCH', `${this.repoPath}/pulls/${pr.number}`, {
        body: { state: 'closed' },
        ok: [200],
      }).catch(() => undefined);
    }
    try {
      const tip = (await remoteTips(repo, [head])).get(head);
      if (tip) await pushBranch(repo, { branch: head, sha: null, lease: { expected: tip } });
    } catch {
      // See above: best effort.
    }
  }

  private async request(
    token: string | undefined,
    method: string,
    path: string,
    options: { body?: unknown; ok: number[] },
  ): Promise<{ status: number; data: any }> {
    const headers: Record<string, string> = {
      Accept: 'application/vnd.github+json',
      'X-GitHub-Api-Version': '2022-11-28',
      'User-Agent': 'backstage-plugin-releases',
    };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.apiBaseUrl}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch (error) {
      throw new GithubApiError({
        status: null,
        repository: this.repository,
        method,
        path,
        githubMessage: error instanceof Error ? error.message : String(error),
      });
    }
    const text = await response.text();
    let data: any;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined; // Not JSON (a proxy's error page): the status tells.
    }
    if (!options.ok.includes(response.status)) {
      throw this.error({ method, path, status: response.status, data, token });
    }
    return { status: response.status, data };
  }

  private error(options: {
    method: string;
    path: string;
    status: number;
    data: any;
    token: string | undefined;
  }): GithubApiError {
    const { data } = options;
    const details: string[] = Array.isArray(data?.errors)
      ? data.errors.map((e: any) => e?.message ?? e?.code).filter(Boolean)
      : [];
    return new GithubApiError({
      status: options.status,
      repository: this.repository,
      method: options.method,
      path: options.path,
      githubMessage: [typeof data?.message === 'string' ? data.message : 'no message', ...details].join('; '),
      hint:
        options.status === 401 && !options.token
          ? 'no token is configured for this host under integrations.github'
          : undefined,
    });
  }
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise(resolve => setTimeout(resolve, ms)) : Promise.resolve();
}
