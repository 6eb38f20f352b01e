import { ConfigReader } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import {
  GithubApiError,
  GitlabApiError,
  InvalidRevisionError,
  ScmApiError,
} from '@releases-for-backstage/plugin-releases-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { toBackstageError } from '../../errors/toBackstageError';
import { DefaultScmLabelReader } from './DefaultScmLabelReader';
import { readScmLabels } from './readScmLabels';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const OTHER = 'fedcba9876543210fedcba9876543210fedcba98';

const config = new ConfigReader({
  integrations: {
    github: [
      { host: 'github.com', token: 'public-token' },
      {
        host: 'ghe.example.com',
        apiBaseUrl: 'https://ghe.example.com/api/v3',
        token: 'ghe-token',
      },
      {
        host: 'github.open.example',
        apiBaseUrl: 'https://github.open.example/api/v3',
      },
    ],
    gitlab: [
      { host: 'gitlab.com', token: 'gitlab-token' },
      {
        host: 'code.example.com',
        baseUrl: 'https://code.example.com/gitlab',
        apiBaseUrl: 'https://code.example.com/gitlab/api/v4',
        token: 'self-hosted-token',
      },
    ],
  },
});

/** A pull request as GitHub's REST API answers it, trimmed to what matters. */
function githubPull(options: {
  number: number;
  title: string;
  merged?: boolean;
  labels?: string[];
  host?: string;
}) {
  const host = options.host ?? 'github.com';
  return {
    url: `https://api.${host}/repos/shop/web/pulls/${options.number}`,
    id: 1000 + options.number,
    number: options.number,
    state: options.merged ? 'closed' : 'open',
    title: options.title,
    html_url: `https://${host}/shop/web/pull/${options.number}`,
    user: { login: 'jane', id: 1 },
    body: 'Description',
    labels: (options.labels ?? []).map((name, i) => ({
      id: i + 1,
      node_id: `L${i}`,
      url: `https://api.${host}/repos/shop/web/labels/${encodeURIComponent(
        name,
      )}`,
      name,
      color: 'ededed',
      default: false,
      description: null,
    })),
    merged_at: options.merged ? '2026-11-30T10:00:00Z' : null,
    merge_commit_sha: SHA,
    base: { ref: 'main' },
    head: { ref: `feature-${options.number}` },
  };
}

/** A merge request as GitLab's REST API answers it. */
function gitlabMergeRequest(options: {
  iid: number;
  title: string;
  state: string;
  labels?: string[];
  webBase?: string;
}) {
  return {
    id: 5000 + options.iid,
    iid: options.iid,
    project_id: 42,
    title: options.title,
    description: 'Description',
    state: options.state,
    merged_at: options.state === 'merged' ? '2026-11-30T10:00:00Z' : null,
    target_branch: 'main',
    source_branch: `feature-${options.iid}`,
    labels: options.labels ?? [],
    sha: SHA,
    merge_commit_sha: OTHER,
    web_url: `${
      options.webBase ?? 'https://gitlab.com/shop/platform/web'
    }/-/merge_requests/${options.iid}`,
  };
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('DefaultScmLabelReader on GitHub', () => {
  it('finds the merged pull request of a commit, with the integration token', async () => {
    const seen: Array<{ url: string; auth: string | null }> = [];
    server.use(
      http.get(
        'https://api.github.com/repos/:owner/:repo/commits/:sha/pulls',
        ({ request }) => {
          seen.push({
            url: request.url,
            auth: request.headers.get('authorization'),
          });
          return HttpResponse.json([
            githubPull({ number: 11, title: 'Draft of the cart' }),
            githubPull({
              number: 12,
              title: 'Add a shopping cart',
              merged: true,
              labels: ['change:L', 'bug'],
            }),
          ]);
        },
      ),
    );
    const reader = DefaultScmLabelReader.fromConfig(config);

    await expect(
      reader.findChangeRequest('https://github.com/shop/web.git', SHA),
    ).resolves.toEqual({
      number: 12,
      title: 'Add a shopping cart',
      url: 'https://github.com/shop/web/pull/12',
      labels: ['change:L', 'bug'],
    });
    expect(seen).toEqual([
      {
        url: `https://api.github.com/repos/shop/web/commits/${SHA}/pulls`,
        auth: 'Bearer public-token',
      },
    ]);
  });

  it('asks a GitHub Enterprise host at its configured API base URL, and takes the first when none is merged', async () => {
    let auth: string | null = null;
    server.use(
      http.get(
        `https://ghe.example.com/api/v3/repos/shop/web/commits/${SHA}/pulls`,
        ({ request }) => {
          auth = request.headers.get('authorization');
          return HttpResponse.json([
            githubPull({
              number: 3,
              title: 'Open one',
              host: 'ghe.example.com',
            }),
            githubPull({
              number: 4,
              title: 'Open two',
              host: 'ghe.example.com',
            }),
          ]);
        },
      ),
    );
    const reader = DefaultScmLabelReader.fromConfig(config);
    const found = await reader.findChangeRequest(
      'https://ghe.example.com/shop/web',
      SHA,
    );
    expect(found).toMatchObject({ number: 3, title: 'Open one' });
    expect(auth).toBe('Bearer ghe-token');
  });

  it('takes tokens from the credentials provider (a GitHub App installation), asked for the repository', async () => {
    const getCredentials = jest.fn(async () => ({
      type: 'app' as const,
      token: 'installation-token',
      headers: {},
    }));
    let auth: string | null = null;
    server.use(
      http.get(
        'https://api.github.com/repos/shop/web/commits/:sha/pulls',
        ({ request }) => {
          auth = request.headers.get('authorization');
          return HttpResponse.json([]);
        },
      ),
    );
    const reader = new DefaultScmLabelReader({
      integrations: ScmIntegrations.fromConfig(config),
      githubCredentials: { getCredentials },
    });
    await expect(
      reader.findChangeRequest('https://github.com/shop/web', SHA),
    ).resolves.toBeNull();
    expect(getCredentials).toHaveBeenCalledWith({
      url: 'https://github.com/shop/web',
    });
    expect(auth).toBe('Bearer installation-token');
  });

  it('answers null for an unknown repository (404) or commit (422) and for no pull request', async () => {
    server.use(
      http.get(
        'https://api.github.com/repos/shop/gone/commits/:sha/pulls',
        () =>
          HttpResponse.json(
            {
              message: 'Not Found',
              documentation_url: 'https://docs.github.com/rest',
              status: '404',
            },
            { status: 404 },
          ),
      ),
      http.get(
        'https://api.github.com/repos/shop/web/commits/:sha/pulls',
        ({ params }) =>
          params.sha === SHA
            ? HttpResponse.json(
                { message: `No commit found for SHA: ${SHA}`, status: '422' },
                { status: 422 },
              )
            : HttpResponse.json([]),
      ),
    );
    const reader = DefaultScmLabelReader.fromConfig(config);
    await expect(
      reader.findChangeRequest('https://github.com/shop/gone', SHA),
    ).resolves.toBeNull();
    await expect(
      reader.findChangeRequest('https://github.com/shop/web', SHA),
    ).resolves.toBeNull();
    await expect(
      reader.findChangeRequest('https://github.com/shop/web', OTHER),
    ).resolves.toBeNull();
  });

  it('throws an ScmApiError that the backend answers with 503 on a server error, never naming the token', async () => {
    server.use(
      http.get('https://api.github.com/repos/shop/web/commits/:sha/pulls', () =>
        HttpResponse.json({ message: 'Server Error' }, { status: 500 }),
      ),
    );
    const reader = DefaultScmLabelReader.fromConfig(config);
    const error = await reader
      .findChangeRequest('https://github.com/shop/web', SHA)
      .catch(e => e);
    expect(error).toBeInstanceOf(GithubApiError);
    expect(error).toBeInstanceOf(ScmApiError);
    expect(error.status).toBe(500);
    expect(error.message).toBe(
      `GitHub API GET /repos/shop/web/commits/${SHA}/pulls for shop/web failed with 500: Server Error`,
    );
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(
      'public-token',
    );
    expect(toBackstageError(error)).toBeInstanceOf(ServiceUnavailableError);
  });

  it('says when no token is configured (401) or the rate limit is used up (403), and when no answer came', async () => {
    server.use(
      http.get(
        'https://github.open.example/api/v3/repos/shop/web/commits/:sha/pulls',
        ({ request }) =>
          request.headers.get('authorization')
            ? HttpResponse.json([])
            : HttpResponse.json(
                { message: 'Requires authentication' },
                { status: 401 },
              ),
      ),
      http.get('https://api.github.com/repos/shop/web/commits/:sha/pulls', () =>
        HttpResponse.json(
          { message: 'API rate limit exceeded for installation.' },
          { status: 403, headers: { 'x-ratelimit-remaining': '0' } },
        ),
      ),
      http.get(
        'https://ghe.example.com/api/v3/repos/shop/web/commits/:sha/pulls',
        () => HttpResponse.error(),
      ),
    );
    const reader = DefaultScmLabelReader.fromConfig(config);
    await expect(
      reader.findChangeRequest('https://github.open.example/shop/web', SHA),
    ).rejects.toThrow(
      /failed with 401: Requires authentication \(no token is configured for this host under integrations.github\)/,
    );
    await expect(
      reader.findChangeRequest('https://github.com/shop/web', SHA),
    ).rejects.toThrow(
      /failed with 403: .*\(the rate limit of the token is used up\)/,
    );
    const offline = await reader
      .findChangeRequest('https://ghe.example.com/shop/web', SHA)
      .catch(e => e);
    expect(offline).toBeInstanceOf(GithubApiError);
    expect(offline.status).toBeNull();
    expect(offline.message).toMatch(/got no answer/);
  });

  it('refuses an answer that is not a list of pull requests', async () => {
    server.use(
      http.get('https://api.github.com/repos/shop/web/commits/:sha/pulls', () =>
        HttpResponse.json({ number: 1 }),
      ),
    );
    await expect(
      DefaultScmLabelReader.fromConfig(config).findChangeRequest(
        'https://github.com/shop/web',
        SHA,
      ),
    ).rejects.toThrow(/unexpected answer: not a list of pull requests/);
  });
});

describe('DefaultScmLabelReader on GitLab', () => {
  it('finds the merged merge request, for the URL-encoded project path, with PRIVATE-TOKEN', async () => {
    const seen: Array<{ url: string; token: string | null }> = [];
    server.use(
      http.get(
        'https://gitlab.com/api/v4/projects/:id/repository/commits/:sha/merge_requests',
        ({ request }) => {
          seen.push({
            url: request.url,
            token: request.headers.get('private-token'),
          });
          return HttpResponse.json([
            gitlabMergeRequest({
              iid: 33,
              title: 'Closed attempt',
              state: 'closed',
            }),
            gitlabMergeRequest({
              iid: 34,
              title: 'Add the checkout page',
              state: 'merged',
              labels: ['component:S', 'functional:true', 'team::shop'],
            }),
          ]);
        },
      ),
    );
    const reader = DefaultScmLabelReader.fromConfig(config);

    await expect(
      reader.findChangeRequest('https://gitlab.com/shop/platform/web.git', SHA),
    ).resolves.toEqual({
      number: 34,
      title: 'Add the checkout page',
      url: 'https://gitlab.com/shop/platform/web/-/merge_requests/34',
      labels: ['component:S', 'functional:true', 'team::shop'],
    });
    expect(seen).toEqual([
      {
        url: `https://gitlab.com/api/v4/projects/shop%2Fplatform%2Fweb/repository/commits/${SHA}/merge_requests`,
        token: 'gitlab-token',
      },
    ]);
  });

  it('asks a self-hosted instance below a path at its configured API, the path not part of the project', async () => {
    let token: string | null = null;
    server.use(
      http.get(
        `https://code.example.com/gitlab/api/v4/projects/shop%2Fweb/repository/commits/${SHA}/merge_requests`,
        ({ request }) => {
          token = request.headers.get('private-token');
          return HttpResponse.json([
            gitlabMergeRequest({
              iid: 7,
              title: 'Fix totals',
              state: 'opened',
              webBase: 'https://code.example.com/gitlab/shop/web',
            }),
          ]);
        },
      ),
    );
    const found = await DefaultScmLabelReader.fromConfig(
      config,
    ).findChangeRequest('https://code.example.com/gitlab/shop/web', SHA);
    expect(found).toEqual({
      number: 7,
      title: 'Fix totals',
      url: 'https://code.example.com/gitlab/shop/web/-/merge_requests/7',
      labels: [],
    });
    expect(token).toBe('self-hosted-token');
  });

  it('answers null for 404 and throws a GitlabApiError for 401 and 503', async () => {
    server.use(
      http.get(
        'https://gitlab.com/api/v4/projects/:id/repository/commits/:sha/merge_requests',
        ({ params }) => {
          if (params.id === 'shop/gone')
            return HttpResponse.json(
              { message: '404 Project Not Found' },
              { status: 404 },
            );
          if (params.id === 'shop/private')
            return HttpResponse.json(
              { message: '401 Unauthorized' },
              { status: 401 },
            );
          return HttpResponse.json(
            { message: 'upstream down' },
            { status: 503 },
          );
        },
      ),
    );
    const reader = DefaultScmLabelReader.fromConfig(config);
    await expect(
      reader.findChangeRequest('https://gitlab.com/shop/gone', SHA),
    ).resolves.toBeNull();
    const unauthorized = await reader
      .findChangeRequest('https://gitlab.com/shop/private', SHA)
      .catch(e => e);
    expect(unauthorized).toBeInstanceOf(GitlabApiError);
    expect(unauthorized.message).toMatch(
      /failed with 401: 401 Unauthorized \(the token needs the read_api scope/,
    );
    expect(unauthorized.message).not.toContain('gitlab-token');
    const down = await reader
      .findChangeRequest('https://gitlab.com/shop/web', SHA)
      .catch(e => e);
    expect(down).toBeInstanceOf(GitlabApiError);
    expect(down.status).toBe(503);
  });
});

describe('DefaultScmLabelReader', () => {
  it('asks nobody for a host no integration covers, and refuses what is not a commit id', async () => {
    const reader = DefaultScmLabelReader.fromConfig(config);
    // onUnhandledRequest: 'error' fails the test on any request.
    await expect(
      reader.findChangeRequest('https://bitbucket.example.com/shop/web', SHA),
    ).resolves.toBeNull();
    await expect(
      reader.findChangeRequest('https://github.com/shop/web', 'main'),
    ).rejects.toThrow(InvalidRevisionError);
    await expect(
      reader.findChangeRequest('https://github.com/shop/web', '../../x'),
    ).rejects.toThrow(InvalidRevisionError);
  });

  it('caches answers per repository and commit, bounded in number and age, and not failures', async () => {
    const asked: string[] = [];
    let fail = true;
    server.use(
      http.get(
        'https://api.github.com/repos/shop/:repo/commits/:sha/pulls',
        ({ params }) => {
          asked.push(`${params.repo}@${String(params.sha).slice(0, 4)}`);
          if (fail && params.repo === 'flaky')
            return HttpResponse.json(
              { message: 'Bad gateway' },
              { status: 502 },
            );
          return HttpResponse.json([
            githubPull({ number: 1, title: String(params.repo), merged: true }),
          ]);
        },
      ),
    );
    let now = 0;
    const reader = new DefaultScmLabelReader({
      integrations: ScmIntegrations.fromConfig(config),
      githubCredentials: {
        getCredentials: async () => ({
          type: 'token',
          headers: {},
          token: 't',
        }),
      },
      cacheSize: 2,
      cacheTtlMs: 1000,
      now: () => now,
    });
    const find = (repo: string, sha = SHA) =>
      reader.findChangeRequest(`https://github.com/shop/${repo}`, sha);

    // Asked at once, asked once.
    await Promise.all([find('web'), find('web')]);
    await find('web');
    expect(asked).toEqual(['web@0123']);
    await find('web', OTHER);
    await find('api');
    // Three keys in a cache of two: web@0123, the least recently used, is gone.
    await find('web');
    expect(asked).toEqual(['web@0123', 'web@fedc', 'api@0123', 'web@0123']);
    now += 1001;
    await find('web');
    expect(asked).toHaveLength(5);

    await expect(find('flaky')).rejects.toThrow(GithubApiError);
    fail = false;
    await expect(find('flaky')).resolves.toMatchObject({ title: 'flaky' });
    expect(asked.filter(a => a.startsWith('flaky'))).toHaveLength(2);
  });
});

describe('readScmLabels', () => {
  it('reads the risk labels of the pull request, with source scm, and names the ones refused', async () => {
    server.use(
      http.get('https://api.github.com/repos/shop/web/commits/:sha/pulls', () =>
        HttpResponse.json([
          githubPull({
            number: 12,
            title: 'Add a shopping cart',
            merged: true,
            labels: [
              'component:m',
              'change:XXL',
              'ft-coverage:140',
              'functional:maybe',
              'feature-toggle:true',
              'bug',
              'hotfix-to/v1.2.3',
            ],
          }),
        ]),
      ),
    );
    const reader = DefaultScmLabelReader.fromConfig(config);
    await expect(
      readScmLabels(reader, 'https://github.com/shop/web', SHA),
    ).resolves.toEqual({
      change: {
        id: '#12',
        title: 'Add a shopping cart',
        url: 'https://github.com/shop/web/pull/12',
      },
      labels: {
        component: { value: 'M', source: 'scm' },
        'feature-toggle': { value: true, source: 'scm' },
      },
      ignored: ['change:XXL', 'ft-coverage:140', 'functional:maybe'],
    });
  });

  it('ignores a label given two values, keeps one given twice alike, and answers null without a request', async () => {
    const reader = {
      findChangeRequest: jest.fn(async (_url: string, sha: string) =>
        sha === SHA
          ? {
              number: 5,
              title: 't',
              url: 'u',
              labels: [
                'change:S',
                'change:L',
                'functional:true',
                'Functional:TRUE',
              ],
            }
          : null,
      ),
    };
    await expect(readScmLabels(reader, 'https://x/y/z', SHA)).resolves.toEqual({
      change: { id: '#5', title: 't', url: 'u' },
      labels: { functional: { value: true, source: 'scm' } },
      ignored: ['change:S', 'change:L'],
    });
    await expect(
      readScmLabels(reader, 'https://x/y/z', OTHER),
    ).resolves.toBeNull();
  });
});
