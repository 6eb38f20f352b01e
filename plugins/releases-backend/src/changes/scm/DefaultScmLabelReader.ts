import type { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
  type GithubCredentialsProvider,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  GithubApiError,
  GitlabApiError,
  InvalidRevisionError,
} from '@releases-for-backstage/plugin-releases-node';
import {
  githubPullRequestTarget,
  gitlabMergeRequestTarget,
} from '../../service/environmentPublishers';
import { LruCache } from './LruCache';
import type { ScmChangeRequest, ScmLabelReader } from './ScmLabelReader';

export interface DefaultScmLabelReaderOptions {
  integrations: ScmIntegrationRegistry;
  /** Tokens for GitHub hosts: personal tokens or GitHub App installations. */
  githubCredentials: GithubCredentialsProvider;
  /** Answers kept, per repository and commit (default 2000). */
  cacheSize?: number;
  /**
   * How long an answer is kept (default 10 minutes): labels may still be
   * edited on a merged pull request.
   */
  cacheTtlMs?: number;
  /** Clock of the cache, for tests. */
  now?: () => number;
}

const SHA = /^[0-9a-f]{7,64}$/i;

type Answer = { status: number; data: any; headers: Headers };

async function getJson(
  url: string,
  headers: Record<string, string>,
): Promise<Answer> {
  const response = await fetch(url, { method: 'GET', headers });
  const text = await response.text();
  let data: any;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  return { status: response.status, data, headers: response.headers };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** GitHub's or GitLab's `message` (a string, a list or errors by field). */
function hostMessage(data: any): string {
  const flatten = (value: unknown): string[] => {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.flatMap(flatten);
    if (value && typeof value === 'object') {
      return Object.entries(value).flatMap(([field, v]) =>
        flatten(v).map(m => `${field} ${m}`),
      );
    }
    return [];
  };
  const messages = [
    ...flatten(data?.message),
    ...flatten(data?.error_description ?? data?.error),
  ];
  return messages.length ? messages.join('; ') : 'no message';
}

function labelNames(labels: unknown): string[] | undefined {
  if (!Array.isArray(labels)) return undefined;
  const names: string[] = [];
  for (const l of labels) {
    // GitHub sends objects; GitLab strings, or objects with `with_labels_details`.
    const name = typeof l === 'string' ? l : l?.name;
    if (typeof name !== 'string') return undefined;
    names.push(name);
  }
  return names;
}

/**
 * Reads pull/merge requests of commits from the hosts configured under
 * `integrations` in app-config: GitHub (`GET /repos/{owner}/{repo}/commits/{sha}/pulls`,
 * with the integration's token or GitHub App) and GitLab (`GET
 * /projects/{path}/repository/commits/{sha}/merge_requests`, with the
 * integration's token), each at its configured API base URL. Answers are
 * cached per repository and commit, bounded in number and age; failures
 * are not cached. Tokens go into request headers only, never into errors.
 */
export class DefaultScmLabelReader implements ScmLabelReader {
  private readonly cache: LruCache<ScmChangeRequest | null>;
  private readonly inFlight = new Map<
    string,
    Promise<ScmChangeRequest | null>
  >();

  static fromConfig(
    config: Config,
    options: Omit<
      DefaultScmLabelReaderOptions,
      'integrations' | 'githubCredentials'
    > = {},
  ): DefaultScmLabelReader {
    const integrations = ScmIntegrations.fromConfig(config);
    return new DefaultScmLabelReader({
      ...options,
      integrations,
      githubCredentials:
        DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    });
  }

  constructor(private readonly options: DefaultScmLabelReaderOptions) {
    this.cache = new LruCache({
      maxEntries: options.cacheSize ?? 2000,
      ttlMs: options.cacheTtlMs ?? 10 * 60_000,
      now: options.now,
    });
  }

  async findChangeRequest(
    repoUrl: string,
    sha: string,
  ): Promise<ScmChangeRequest | null> {
    if (!SHA.test(sha)) {
      throw new InvalidRevisionError(sha, 'expected a commit id');
    }
    const key = `${repoUrl}\n${sha.toLowerCase()}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    // Several changes of one range may ask for one commit at once.
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.ask(repoUrl, sha)
        .then(found => {
          this.cache.set(key, found);
          return found;
        })
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async ask(
    repoUrl: string,
    sha: string,
  ): Promise<ScmChangeRequest | null> {
    const { integrations } = this.options;
    const github = githubPullRequestTarget({
      integrations,
      pullRequests: true,
      location: repoUrl,
    });
    if (github) return this.askGithub(repoUrl, sha, github);
    const gitlab = gitlabMergeRequestTarget({
      integrations,
      pullRequests: true,
      location: repoUrl,
    });
    if (gitlab) {
      const token = integrations.gitlab.byUrl(repoUrl)?.config.token;
      return this.askGitlab(sha, { ...gitlab, token });
    }
    // No integration covers the host: nobody to ask.
    return null;
  }

  private async askGithub(
    repoUrl: string,
    sha: string,
    target: { owner: string; repo: string; apiBaseUrl: string },
  ): Promise<ScmChangeRequest | null> {
    const repository = `${target.owner}/${target.repo}`;
    const path = `/repos/${encodeURIComponent(
      target.owner,
    )}/${encodeURIComponent(target.repo)}/commits/${sha}/pulls`;
    const fail = (status: number | null, message: string, hint?: string) =>
      new GithubApiError({
        status,
        repository,
        method: 'GET',
        path,
        githubMessage: message,
        hint,
      });
    let token: string | undefined;
    try {
      ({ token } = await this.options.githubCredentials.getCredentials({
        url: repoUrl,
      }));
    } catch (error) {
      throw fail(
        null,
        `no credentials for ${repoUrl}: ${messageOf(error)}`,
        'check integrations.github in app-config',
      );
    }
    const headers: Record<string, string> = {
      Accept: 'application/vnd.github+json',
      'X-GitHub-Api-Version': '2022-11-28',
      'User-Agent': 'backstage-plugin-releases',
    };
    if (token) headers.Authorization = `Bearer ${token}`;
    let answer: Answer;
    try {
      answer = await getJson(
        `${target.apiBaseUrl.replace(/\/+$/, '')}${path}`,
        headers,
      );
    } catch (error) {
      throw fail(null, messageOf(error));
    }
    const { status, data } = answer;
    // 404: no such repository (or not visible); 422: no such commit.
    if (status === 404 || status === 422) return null;
    if (status !== 200) {
      let hint: string | undefined;
      if (status === 401 && !token)
        hint = 'no token is configured for this host under integrations.github';
      else if (
        (status === 403 || status === 429) &&
        answer.headers.get('x-ratelimit-remaining') === '0'
      )
        hint = 'the rate limit of the token is used up';
      throw fail(status, hostMessage(data), hint);
    }
    if (!Array.isArray(data)) {
      throw fail(status, 'unexpected answer: not a list of pull requests');
    }
    const pick = data.find(pr => pr?.merged_at) ?? data[0];
    if (pick === undefined) return null;
    const labels = labelNames(pick.labels ?? []);
    if (
      !Number.isInteger(pick.number) ||
      typeof pick.title !== 'string' ||
      typeof pick.html_url !== 'string' ||
      !labels
    ) {
      throw fail(
        status,
        'unexpected answer: a pull request without number, title, html_url or labels',
      );
    }
    return {
      number: pick.number,
      title: pick.title,
      url: pick.html_url,
      labels,
    };
  }

  private async askGitlab(
    sha: string,
    target: { project: string; apiBaseUrl: string; token?: string },
  ): Promise<ScmChangeRequest | null> {
    const path = `/projects/${encodeURIComponent(
      target.project,
    )}/repository/commits/${sha}/merge_requests`;
    const fail = (status: number | null, message: string, hint?: string) =>
      new GitlabApiError({
        status,
        repository: target.project,
        method: 'GET',
        path,
        gitlabMessage: message,
        hint,
      });
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': 'backstage-plugin-releases',
    };
    if (target.token) headers['PRIVATE-TOKEN'] = target.token;
    let answer: Answer;
    try {
      answer = await getJson(
        `${target.apiBaseUrl.replace(/\/+$/, '')}${path}`,
        headers,
      );
    } catch (error) {
      throw fail(null, messageOf(error));
    }
    const { status, data } = answer;
    // No such project (or not visible), or no such commit.
    if (status === 404) return null;
    if (status !== 200) {
      let hint: string | undefined;
      if (status === 401 && !target.token)
        hint = 'no token is configured for this host under integrations.gitlab';
      else if (status === 401 || status === 403)
        hint = 'the token needs the read_api scope and access to the project';
      throw fail(status, hostMessage(data), hint);
    }
    if (!Array.isArray(data)) {
      throw fail(status, 'unexpected answer: not a list of merge requests');
    }
    const pick = data.find(mr => mr?.state === 'merged') ?? data[0];
    if (pick === undefined) return null;
    const labels = labelNames(pick.labels ?? []);
    if (
      !Number.isInteger(pick.iid) ||
      typeof pick.title !== 'string' ||
      typeof pick.web_url !== 'string' ||
      !labels
    ) {
      throw fail(
        status,
        'unexpected answer: a merge request without iid, title, web_url or labels',
      );
    }
    return { number: pick.iid, title: pick.title, url: pick.web_url, labels };
  }
}
