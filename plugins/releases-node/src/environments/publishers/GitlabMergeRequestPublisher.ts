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
import { GitlabApiError } from './GitlabApiError';

export interface GitlabMergeRequestPublisherOptions {
  /** Path of the project on GitLab, with any groups: `group/subgroup/name`. */
  project: string;
  /** REST API of the GitLab host (default https://gitlab.com/api/v4). */
  apiBaseUrl?: string;
  /**
   * Token for the REST API (a personal, group or project access token with
   * the `api` scope, sent as `PRIVATE-TOKEN`), asked once per write. Git
   * itself authenticates through the repository's own configuration.
   */
  getToken(): Promise<string | undefined>;
  /** Attempts before giving up (default 5). */
  maxAttempts?: number;
  /**
   * Wait before trying again after GitLab refused a merge although neither
   * branch had moved (default 1000 ms): GitLab works out mergeability after
   * a push, and may refuse until it has.
   */
  retryDelayMs?: number;
}

const DEFAULT_API_BASE_URL = 'https://gitlab.com/api/v4';

/**
 * Path of a GitLab project (`group/subgroup/name`) from its web or HTTPS
 * clone URL. `baseUrl` is the GitLab instance's own URL when it is served
 * below a path (`https://example.com/gitlab`), which is not part of the
 * project's path.
 */
export function parseGitlabRepositoryUrl(
  url: string,
  options: { baseUrl?: string } = {},
): { project: string } {
  const invalid = () =>
    new RepositoryNotFoundError(
      url,
      'not a GitLab project URL (https://<host>/<group>/<project>)',
    );
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid();
  }
  if (!/^https?:$/.test(parsed.protocol) || parsed.search || parsed.hash)
    throw invalid();
  let path = parsed.pathname;
  const prefix = options.baseUrl
    ? new URL(options.baseUrl).pathname.replace(/\/+$/, '')
    : '';
  if (prefix) {
    if (!path.startsWith(`${prefix}/`)) throw invalid();
    path = path.slice(prefix.length);
  }
  const segments = path
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/, '')
    .split('/');
  // `-` starts GitLab's own pages below a project (`/-/tree/main`).
  if (
    segments.length < 2 ||
    !segments.every(s => /^[\w.-]+$/.test(s) && s !== '-' && !/^\.+$/.test(s))
  ) {
    throw invalid();
  }
  return { project: segments.join('/') };
}

/** GitLab's merge requests of one project, with one write's token. */
class GitlabMergeRequests implements ChangeRequestApi {
  private readonly projectPath: string;

  constructor(
    private readonly options: {
      apiBaseUrl: string;
      project: string;
      token: string | undefined;
    },
  ) {
    // The project's id in the API may be its path, URL-encoded as one segment.
    this.projectPath = `/projects/${encodeURIComponent(options.project)}`;
  }

  async find(head: string, base: string): Promise<ChangeRequest | undefined> {
    const query = new URLSearchParams({
      source_branch: head,
      target_branch: base,
      state: 'opened',
    });
    const { data } = await this.request(
      'GET',
      `${this.projectPath}/merge_requests?${query}`,
      { ok: [200] },
    );
    const found = Array.isArray(data) ? data[0] : undefined;
    return found ? { id: found.iid, url: found.web_url } : undefined;
  }

  async open(options: {
    head: string;
    base: string;
    title: string;
    description: string;
  }): Promise<ChangeRequest> {
    const path = `${this.projectPath}/merge_requests`;
    const { status, data } = await this.request('POST', path, {
      body: {
        source_branch: options.head,
        target_branch: options.base,
        title: options.title,
        description: options.description,
        remove_source_branch: true,
      },
      ok: [201, 409],
    });
    if (status === 201) return { id: data.iid, url: data.web_url };
    // 409: opened by someone else between our look-up and now.
    const found = await this.find(options.head, options.base);
    if (found) return found;
    throw this.error({ method: 'POST', path, status, data });
  }

  async merge(mr: ChangeRequest, sha: string): Promise<ChangeRequestMerge> {
    const path = `${this.projectPath}/merge_requests/${mr.id}/merge`;
    // `sha` makes GitLab refuse (409) if the source branch is no longer what we pushed.
    const { status, data } = await this.request('PUT', path, {
      body: { sha, should_remove_source_branch: true },
      ok: [200, 405, 406, 409, 422],
    });
    if (status === 200 && data?.state === 'merged') {
      // No merge commit under fast-forward merges: the base is then the
      // squashed commit, or the one pushed.
      const merged = [data.merge_commit_sha, data.squash_commit_sha].find(
        s => typeof s === 'string' && s,
      );
      return { merged: true, sha: merged ?? sha };
    }
    return {
      merged: false,
      error: this.error({ method: 'PUT', path, status, data }),
    };
  }

  async close(mr: ChangeRequest): Promise<void> {
    await this.request('PUT', `${this.projectPath}/merge_requests/${mr.id}`, {
      body: { state_event: 'close' },
      ok: [200],
    });
  }

  // No afterMerge: the merge asks GitLab to remove the source branch.

  private async request(
    method: string,
    path: string,
    options: { body?: unknown; ok: number[] },
  ): Promise<{ status: number; data: any }> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': 'backstage-plugin-releases',
    };
    if (this.options.token) headers['PRIVATE-TOKEN'] = this.options.token;
    let answer: { status: number; data: any };
    try {
      answer = await sendJson(`${this.options.apiBaseUrl}${path}`, {
        method,
        headers,
        body: options.body,
      });
    } catch (error) {
      throw new GitlabApiError({
        status: null,
        repository: this.options.project,
        method,
        path,
        gitlabMessage: error instanceof Error ? error.message : String(error),
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
  }): GitlabApiError {
    const { status } = options;
    let hint: string | undefined;
    if (status === 401 && !this.options.token)
      hint = 'no token is configured for this host under integrations.gitlab';
    else if (status === 401 || status === 403)
      hint = 'the token needs the api scope and at least the Developer role';
    else if (status === 405 && options.method === 'PUT') {
      hint =
        'GitLab will not merge it yet: required approvals, a pipeline that must succeed, unresolved discussions or a draft';
    }
    return new GitlabApiError({
      status,
      repository: this.options.project,
      method: options.method,
      path: options.path,
      gitlabMessage: gitlabMessage(options.data),
      hint,
    });
  }
}

/**
 * Writes an environment branch on GitLab through a merge request from the
 * head branch `releases/promotion-<id>-<env>`, merged at the commit pushed
 * (GitLab's `sha` check) with the source branch removed; see
 * publishThroughChangeRequest for the attempts, the retries and the
 * clean-up. GitLab answers 405 when the merge request may not be merged yet
 * (approvals, pipelines, discussions, a draft), 406 or 422 when it cannot
 * be (conflicts, a base that moved under fast-forward or semi-linear
 * merges, mergeability still being checked) and 409 when the source
 * branch's head is no longer the commit pushed.
 */
export class GitlabMergeRequestPublisher implements EnvironmentBranchPublisher {
  private readonly apiBaseUrl: string;

  constructor(private readonly options: GitlabMergeRequestPublisherOptions) {
    this.apiBaseUrl = (options.apiBaseUrl ?? DEFAULT_API_BASE_URL).replace(
      /\/+$/,
      '',
    );
  }

  async publish(update: EnvironmentBranchUpdate): Promise<EnvironmentCommit> {
    const api = new GitlabMergeRequests({
      apiBaseUrl: this.apiBaseUrl,
      project: this.options.project,
      token: await this.options.getToken(),
    });
    const { maxAttempts, retryDelayMs } = this.options;
    return publishThroughChangeRequest(update, api, {
      maxAttempts,
      retryDelayMs,
    });
  }
}

/**
 * GitLab's explanation in an error answer: `message` as a string, a list,
 * or validation errors by field; `error_description` for OAuth errors.
 */
function gitlabMessage(data: any): string {
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
