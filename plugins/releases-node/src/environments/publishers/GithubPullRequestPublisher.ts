import { RepositoryNotFoundError } from '../../git/errors';
import type {
  EnvironmentBranchPublisher,
  EnvironmentBranchUpdate,
  EnvironmentCommit,
} from '../EnvironmentBranchPublisher';
import {
  publishThroughChangeRequest,
  sendJson,
  type ChangeRequest,
  type ChangeRequestApi,
  type ChangeRequestMerge,
} from './changeRequests';
import { GithubApiError } from './GithubApiError';

export { pullRequestBranch } from './changeRequests';

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
   * Wait before trying again after GitHub refused a merge although neither
   * branch had moved (default 1000 ms): GitHub works out mergeability in
   * the background after a push, and may refuse until it has.
   */
  retryDelayMs?: number;
}

const DEFAULT_API_BASE_URL = 'https://api.github.com';

/** Owner and name of a GitHub repository from its web or HTTPS clone URL. */
export function parseGithubRepositoryUrl(url: string): {
  owner: string;
  repo: string;
} {
  const match = /^https?:\/\/[^/]+\/([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(
    url,
  );
  if (!match) {
    throw new RepositoryNotFoundError(
      url,
      'not a GitHub repository URL (https://<host>/<owner>/<repo>)',
    );
  }
  return { owner: match[1], repo: match[2] };
}

function alreadyExists(data: any): boolean {
  return (
    Array.isArray(data?.errors) &&
    data.errors.some((e: any) =>
      /already exists/i.test(String(e?.message ?? '')),
    )
  );
}

/** GitHub's pull requests of one repository, with one write's token. */
class GithubPullRequests implements ChangeRequestApi {
  private readonly repoPath: string;
  private readonly repository: string;

  constructor(
    private readonly options: {
      apiBaseUrl: string;
      owner: string;
      repo: string;
      token: string | undefined;
    },
  ) {
    this.repoPath = `/repos/${encodeURIComponent(
      options.owner,
    )}/${encodeURIComponent(options.repo)}`;
    this.repository = `${options.owner}/${options.repo}`;
  }

  async find(head: string, base: string): Promise<ChangeRequest | undefined> {
    const query = new URLSearchParams({
      head: `${this.options.owner}:${head}`,
      base,
      state: 'open',
    });
    const { data } = await this.request(
      'GET',
      `${this.repoPath}/pulls?${query}`,
      { ok: [200] },
    );
    const found = Array.isArray(data) ? data[0] : undefined;
    return found ? { id: found.number, url: found.html_url } : undefined;
  }

  async open(options: {
    head: string;
    base: string;
    title: string;
    description: string;
  }): Promise<ChangeRequest> {
    const path = `${this.repoPath}/pulls`;
    const { status, data } = await this.request('POST', path, {
      body: {
        title: options.title,
        head: options.head,
        base: options.base,
        body: options.description,
      },
      ok: [201, 422],
    });
    if (status === 201) return { id: data.number, url: data.html_url };
    // Opened by someone else between our look-up and now.
    const found = alreadyExists(data)
      ? await this.find(options.head, options.base)
      : undefined;
    if (found) return found;
    throw this.error({ method: 'POST', path, status, data });
  }

  async merge(pr: ChangeRequest, sha: string): Promise<ChangeRequestMerge> {
    const path = `${this.repoPath}/pulls/${pr.id}/merge`;
    // `sha` makes GitHub refuse (409) if the head is no longer what we pushed.
    const { status, data } = await this.request('PUT', path, {
      body: { merge_method: 'merge', sha },
      ok: [200, 405, 409],
    });
    if (status === 200 && data?.merged && typeof data.sha === 'string')
      return { merged: true, sha: data.sha };
    return {
      merged: false,
      error: this.error({ method: 'PUT', path, status, data }),
    };
  }

  async close(pr: ChangeRequest): Promise<void> {
    await this.request('PATCH', `${this.repoPath}/pulls/${pr.id}`, {
      body: { state: 'closed' },
      ok: [200],
    });
  }

  async afterMerge(head: string): Promise<void> {
    const ref = head.split('/').map(encodeURIComponent).join('/');
    // Best effort: the merge is done, and repositories that delete head
    // branches on merge answer 422.
    await this.request('DELETE', `${this.repoPath}/git/refs/heads/${ref}`, {
      ok: [204, 422],
    }).catch(() => undefined);
  }

  private async request(
    method: string,
    path: string,
    options: { body?: unknown; ok: number[] },
  ): Promise<{ status: number; data: any }> {
    const headers: Record<string, string> = {
      Accept: 'application/vnd.github+json',
      'X-GitHub-Api-Version': '2022-11-28',
      'User-Agent': 'backstage-plugin-releases',
    };
    if (this.options.token)
      headers.Authorization = `Bearer ${this.options.token}`;
    let answer: { status: number; data: any };
    try {
      answer = await sendJson(`${this.options.apiBaseUrl}${path}`, {
        method,
        headers,
        body: options.body,
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
    if (!options.ok.includes(answer.status))
      throw this.error({ method, path, ...answer });
    return answer;
  }

  private error(options: {
    method: string;
    path: string;
    status: number;
    data: any;
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
      githubMessage: [
        typeof data?.message === 'string' ? data.message : 'no message',
        ...details,
      ].join('; '),
      hint:
        options.status === 401 && !this.options.token
          ? 'no token is configured for this host under integrations.github'
          : undefined,
    });
  }
}

/**
 * Writes an environment branch on GitHub through a pull request from the
 * head branch `releases/promotion-<id>-<env>`, merged (a merge commit) at
 * the commit pushed; see publishThroughChangeRequest for the attempts, the
 * retries and the clean-up. GitHub answers 405 when the pull request cannot
 * be merged (the base moved under a branch rule that wants it up to date,
 * a required review, mergeability not worked out yet) and 409 when its head
 * is no longer the commit pushed.
 */
export class GithubPullRequestPublisher implements EnvironmentBranchPublisher {
  private readonly apiBaseUrl: string;

  constructor(private readonly options: GithubPullRequestPublisherOptions) {
    this.apiBaseUrl = (options.apiBaseUrl ?? DEFAULT_API_BASE_URL).replace(
      /\/+$/,
      '',
    );
  }

  async publish(update: EnvironmentBranchUpdate): Promise<EnvironmentCommit> {
    const api = new GithubPullRequests({
      apiBaseUrl: this.apiBaseUrl,
      owner: this.options.owner,
      repo: this.options.repo,
      token: await this.options.getToken(),
    });
    const { maxAttempts, retryDelayMs } = this.options;
    return publishThroughChangeRequest(update, api, {
      maxAttempts,
      retryDelayMs,
    });
  }
}
