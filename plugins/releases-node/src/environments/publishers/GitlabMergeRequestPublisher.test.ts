// Over 400 lines: The publisher's cases (open, merge, retry on a moved branch, give up, resume after a crash, nested groups) against one GitLab double; kept in one file so they share it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { parse } from 'yaml';
import { RepositoryLocator } from '../../git/RepositoryLocator';
import { RepositoryNotFoundError } from '../../git/errors';
import { EnvironmentBranchBusyError } from '../EnvironmentBranchPublisher';
import { EnvironmentRepository } from '../EnvironmentRepository';
import { GitlabApiError } from './GitlabApiError';
import {
  GitlabMergeRequestPublisher,
  parseGitlabRepositoryUrl,
} from './GitlabMergeRequestPublisher';
import { ScmApiError } from './ScmApiError';
import {
  createGitlabApiDouble,
  type GitlabApiDouble,
} from './__testUtils__/gitlabApiDouble';

// Real git processes: slow on a loaded CI machine, never a timing assertion.
jest.setTimeout(60_000);

const API = 'https://gitlab.test/api/v4';
const TOKEN = 'glpat-test-token';
const qa = {
  name: 'qa',
  type: 'qa' as const,
  description: 'Release candidates',
};
const author = { name: 'Releases', email: 'releases@example.com' };
const HEAD = 'releases/promotion-p1-qa';

function deployment(version: string, promotion: string) {
  return {
    version,
    commit: 'a'.repeat(40),
    appRepo: '../cart',
    updatedAt: '2026-11-01T00:00:00.000Z',
    updatedBy: 'user:default/ann',
    promotion,
  };
}

const promoteCart = {
  env: qa,
  component: 'cart',
  deployment: deployment('v1.0.0-rc.1', 'p1'),
  message:
    'promote(cart): v1.0.0-rc.1 to qa\n\nPromotion-Id: p1\nActor: user:default/ann\n',
  author,
};

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('GitlabMergeRequestPublisher', () => {
  let root: string;
  let bareDir: string;
  let gitlab: GitlabApiDouble;
  let seededTip: string;

  /** Another writer that pushes straight to the "GitLab" repository, from its own clone. */
  async function otherWriter(): Promise<EnvironmentRepository> {
    const dir = mkdtempSync(join(root, 'other-'));
    const repo = await new RepositoryLocator({ cacheDir: dir }).open(
      `file://${bareDir}`,
    );
    return new EnvironmentRepository(repo, { remote: true });
  }

  async function landCheckout(version: string) {
    const other = await otherWriter();
    await other.writeDeployment({
      env: qa,
      component: 'checkout',
      deployment: deployment(version, `other-${version}`),
      message: `promote(checkout): ${version} to qa`,
      author,
    });
  }

  /** Serves `project` from the bare repository (replacing the double of another project). */
  function serve(project: string) {
    server.resetHandlers();
    gitlab = createGitlabApiDouble({
      apiBaseUrl: API,
      webBaseUrl: 'https://gitlab.test',
      project,
      bareDir,
      token: TOKEN,
    });
    server.use(...gitlab.handlers);
  }

  /** The environment repository as the backend has it: a cached clone writing through a merge request. */
  async function open(
    options: { token?: string; maxAttempts?: number; project?: string } = {},
  ) {
    const repo = await new RepositoryLocator({
      cacheDir: join(root, 'cache'),
    }).open(`file://${bareDir}`);
    const publisher = new GitlabMergeRequestPublisher({
      project: options.project ?? 'shop/environments',
      apiBaseUrl: API,
      getToken: async () => options.token ?? TOKEN,
      maxAttempts: options.maxAttempts ?? 3,
      retryDelayMs: 0,
    });
    return { envs: new EnvironmentRepository(repo, { publisher }), repo };
  }

  function fileOnGitlab(): any {
    return parse(
      gitlab.git(
        'cat-file',
        '-p',
        'refs/heads/environment/qa:environment.yaml',
      ),
    );
  }

  const calls = () =>
    gitlab.requests.map(r => `${r.method} ${r.path.split('?')[0]} ${r.status}`);
  const merges = () => calls().filter(c => /\/merge \d+$/.test(c));

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'releases-gitlab-'));
    bareDir = join(root, 'environments.git');
    execFileSync('git', ['init', '--quiet', '--bare', bareDir]);
    // The environment branch exists on GitLab with another component on it.
    await landCheckout('v2.0.0');
    seededTip = execFileSync(
      'git',
      ['rev-parse', 'refs/heads/environment/qa'],
      { cwd: bareDir, encoding: 'utf8' },
    ).trim();
    serve('shop/environments');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('opens and merges a merge request; the target branch then holds the new version', async () => {
    const { envs } = await open();
    const result = await envs.writeDeployment(promoteCart);

    expect(result).toEqual({
      sha: gitlab.tip('environment/qa'),
      created: true,
      pullRequestUrl:
        'https://gitlab.test/shop/environments/-/merge_requests/1',
    });
    const file = fileOnGitlab();
    expect(file.components.cart.version).toBe('v1.0.0-rc.1');
    expect(file.components.cart.promotion).toBe('p1');
    expect(file.components.checkout.version).toBe('v2.0.0');
    // A merge commit on top of the tip the commit was built on.
    const parents = gitlab
      .git('rev-list', '--parents', '-n', '1', result.sha)
      .split(' ')
      .slice(1);
    expect(parents[0]).toBe(seededTip);
    expect(gitlab.git('log', '--format=%s', '-n', '1', parents[1])).toBe(
      'promote(cart): v1.0.0-rc.1 to qa',
    );
    expect(gitlab.mergeRequests).toEqual([
      expect.objectContaining({
        iid: 1,
        source_branch: HEAD,
        target_branch: 'environment/qa',
        state: 'merged',
        merge_commit_sha: result.sha,
      }),
    ]);
    // Reads see the merge at once; GitLab removed the source branch.
    expect((await envs.read(qa)).tip).toBe(result.sha);
    expect(gitlab.tip(HEAD)).toBeNull();
  });

  it('sends the requests, bodies and headers GitLab expects', async () => {
    const { envs } = await open();
    const result = await envs.writeDeployment(promoteCart);
    const pushedHead = gitlab.git('rev-parse', `${result.sha}^2`);

    expect(gitlab.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'GET /projects/shop%2Fenvironments/merge_requests?source_branch=releases%2Fpromotion-p1-qa&target_branch=environment%2Fqa&state=opened',
      'POST /projects/shop%2Fenvironments/merge_requests',
      'PUT /projects/shop%2Fenvironments/merge_requests/1/merge',
    ]);
    for (const r of gitlab.requests) {
      expect(r.headers['private-token']).toBe(TOKEN);
      expect(r.headers.authorization).toBeUndefined();
    }
    expect(gitlab.requests[1].headers['content-type']).toBe('application/json');
    expect(gitlab.requests[1].body).toEqual({
      source_branch: HEAD,
      target_branch: 'environment/qa',
      title: 'promote(cart): v1.0.0-rc.1 to qa',
      description: 'Promotion-Id: p1\nActor: user:default/ann',
      remove_source_branch: true,
    });
    expect(gitlab.requests[2].body).toEqual({
      sha: pushedHead,
      should_remove_source_branch: true,
    });
  });

  it('encodes a project in nested groups as one path segment', async () => {
    serve('shop/platform/environments');
    const { envs } = await open({ project: 'shop/platform/environments' });

    const result = await envs.writeDeployment(promoteCart);

    expect(result.pullRequestUrl).toBe(
      'https://gitlab.test/shop/platform/environments/-/merge_requests/1',
    );
    expect(gitlab.requests.map(r => r.path.split('?')[0])).toEqual([
      '/projects/shop%2Fplatform%2Fenvironments/merge_requests',
      '/projects/shop%2Fplatform%2Fenvironments/merge_requests',
      '/projects/shop%2Fplatform%2Fenvironments/merge_requests/1/merge',
    ]);
    expect(fileOnGitlab().components.cart.version).toBe('v1.0.0-rc.1');
  });

  it('opens no second merge request and writes nothing when retried after a crash past the merge', async () => {
    const { envs, repo } = await open();
    const first = await envs.writeDeployment(promoteCart);
    // The crash: the local clone never saw the merge, and GitLab, which
    // removes the source branch in the background, had not done it yet.
    execFileSync(
      'git',
      ['update-ref', 'refs/heads/environment/qa', seededTip],
      { cwd: repo.dir },
    );
    gitlab.git(
      'update-ref',
      `refs/heads/${HEAD}`,
      gitlab.git('rev-parse', `${first.sha}^2`),
    );
    gitlab.requests.length = 0;

    const again = await (await open()).envs.writeDeployment(promoteCart);

    expect(again).toEqual({ sha: first.sha, created: false });
    expect(gitlab.tip('environment/qa')).toBe(first.sha);
    expect(gitlab.mergeRequests).toHaveLength(1);
    expect(calls()).toEqual([
      'GET /projects/shop%2Fenvironments/merge_requests 200',
    ]);
    expect(gitlab.tip(HEAD)).toBeNull();
  });

  it('merges the merge request an earlier run opened before it crashed', async () => {
    // The earlier run pushed its commit and opened the merge request, then died.
    gitlab.git('update-ref', `refs/heads/${HEAD}`, seededTip);
    gitlab.openMergeRequest({
      title: 'promote(cart): v1.0.0-rc.1 to qa',
      source_branch: HEAD,
      target_branch: 'environment/qa',
    });
    const { envs } = await open();

    const result = await envs.writeDeployment(promoteCart);

    expect(result.pullRequestUrl).toBe(
      'https://gitlab.test/shop/environments/-/merge_requests/1',
    );
    expect(gitlab.mergeRequests).toEqual([
      expect.objectContaining({ iid: 1, state: 'merged' }),
    ]);
    expect(calls()).not.toContainEqual(expect.stringMatching(/^POST/));
    expect(fileOnGitlab().components.cart.version).toBe('v1.0.0-rc.1');
  });

  it('takes the merge request opened by someone else between its look-up and its own (409)', async () => {
    gitlab.hooks.beforeCreate = () => {
      gitlab.hooks.beforeCreate = undefined;
      gitlab.openMergeRequest({
        title: 'promote(cart): v1.0.0-rc.1 to qa',
        source_branch: HEAD,
        target_branch: 'environment/qa',
      });
    };
    const { envs } = await open();

    const result = await envs.writeDeployment(promoteCart);

    expect(calls()).toEqual([
      'GET /projects/shop%2Fenvironments/merge_requests 200',
      'POST /projects/shop%2Fenvironments/merge_requests 409',
      'GET /projects/shop%2Fenvironments/merge_requests 200',
      'PUT /projects/shop%2Fenvironments/merge_requests/1/merge 200',
    ]);
    expect(result.pullRequestUrl).toBe(
      'https://gitlab.test/shop/environments/-/merge_requests/1',
    );
    expect(gitlab.mergeRequests).toHaveLength(1);
  });

  it('rebuilds on the new tip when the target moved before the merge (406), keeping the other change', async () => {
    let landed = false;
    gitlab.hooks.beforeMerge = async () => {
      if (landed) return;
      landed = true;
      await landCheckout('v2.1.0');
    };
    const { envs } = await open();

    const result = await envs.writeDeployment(promoteCart);

    expect(merges()).toEqual([
      'PUT /projects/shop%2Fenvironments/merge_requests/1/merge 406',
      'PUT /projects/shop%2Fenvironments/merge_requests/1/merge 200',
    ]);
    expect(gitlab.mergeRequests).toHaveLength(1);
    const file = fileOnGitlab();
    expect(file.components.cart.version).toBe('v1.0.0-rc.1');
    expect(file.components.checkout.version).toBe('v2.1.0');
    expect(result.sha).toBe(gitlab.tip('environment/qa'));
    // The other writer's commit is kept, not overwritten: it is the merge's first parent.
    const other = gitlab.git(
      'log',
      '--format=%H',
      '--grep=promote(checkout): v2.1.0',
      '--fixed-strings',
      'environment/qa',
    );
    expect(other).toMatch(/^[0-9a-f]{40}$/);
    expect(gitlab.git('rev-parse', `${result.sha}^1`)).toBe(other);
  });

  it('rebuilds when the target moved while the merge request was opened, before asking to merge', async () => {
    let landed = false;
    gitlab.hooks.afterOpen = async () => {
      if (landed) return;
      landed = true;
      await landCheckout('v2.1.0');
    };
    const { envs } = await open();

    await envs.writeDeployment(promoteCart);

    expect(merges()).toEqual([
      'PUT /projects/shop%2Fenvironments/merge_requests/1/merge 200',
    ]);
    expect(fileOnGitlab().components).toMatchObject({
      cart: { version: 'v1.0.0-rc.1' },
      checkout: { version: 'v2.1.0' },
    });
  });

  it('pushes the source branch again when it was moved under the merge request (409)', async () => {
    gitlab.hooks.beforeMerge = mr => {
      gitlab.hooks.beforeMerge = undefined;
      gitlab.git('update-ref', `refs/heads/${mr.source_branch}`, seededTip);
    };
    const { envs } = await open();

    await envs.writeDeployment(promoteCart);

    expect(merges()).toEqual([
      'PUT /projects/shop%2Fenvironments/merge_requests/1/merge 409',
      'PUT /projects/shop%2Fenvironments/merge_requests/1/merge 200',
    ]);
    expect(fileOnGitlab().components.cart.version).toBe('v1.0.0-rc.1');
  });

  it('waits while GitLab is still checking mergeability (422), merging the commit it pushed', async () => {
    gitlab.hooks.checking = 1;
    // Into the next second, so that a rebuilt commit would differ from the pushed one.
    const start = Math.floor(Date.now() / 1000);
    gitlab.hooks.beforeMerge = async () => {
      while (Math.floor(Date.now() / 1000) === start)
        await new Promise(resolve => setTimeout(resolve, 50));
    };
    const { envs } = await open();

    const result = await envs.writeDeployment(promoteCart);

    expect(merges()).toEqual([
      'PUT /projects/shop%2Fenvironments/merge_requests/1/merge 422',
      'PUT /projects/shop%2Fenvironments/merge_requests/1/merge 200',
    ]);
    const asked = gitlab.requests
      .filter(r => r.path.endsWith('/merge'))
      .map(r => r.body.sha);
    expect(asked[1]).toBe(asked[0]);
    expect(gitlab.git('rev-parse', `${result.sha}^2`)).toBe(asked[0]);
  });

  it('gives up after the bounded attempts on a branch that keeps moving, closing the merge request', async () => {
    let n = 0;
    gitlab.hooks.beforeMerge = () => landCheckout(`v2.1.${n++}`);
    const { envs } = await open({ maxAttempts: 3 });

    await expect(envs.writeDeployment(promoteCart)).rejects.toThrow(
      EnvironmentBranchBusyError,
    );

    expect(merges()).toHaveLength(3);
    expect(calls()).toContain(
      'PUT /projects/shop%2Fenvironments/merge_requests/1 200',
    );
    expect(gitlab.requests.at(-1)?.body).toEqual({ state_event: 'close' });
    expect(gitlab.mergeRequests).toEqual([
      expect.objectContaining({ state: 'closed' }),
    ]);
    expect(gitlab.tip(HEAD)).toBeNull();
    expect(fileOnGitlab().components.cart).toBeUndefined();
  });

  it('names the likely rules when GitLab keeps refusing a merge although nothing moved (405)', async () => {
    gitlab.hooks.refuseMerge = true;
    const { envs } = await open({ maxAttempts: 2 });

    const error = await envs.writeDeployment(promoteCart).catch(e => e);

    expect(error).toBeInstanceOf(GitlabApiError);
    expect(error).toBeInstanceOf(ScmApiError);
    expect(error).toMatchObject({
      status: 405,
      repository: 'shop/environments',
      gitlabMessage: '405 Method Not Allowed',
    });
    expect(error.message).toMatch(/required approvals, a pipeline/);
    expect(merges()).toHaveLength(2);
    expect(gitlab.mergeRequests).toEqual([
      expect.objectContaining({ state: 'closed' }),
    ]);
    expect(gitlab.tip(HEAD)).toBeNull();
    expect(gitlab.tip('environment/qa')).toBe(seededTip);
  });

  it('fails with a clear error naming the project on 401, leaving nothing behind', async () => {
    const { envs } = await open({ token: 'expired' });

    const error = await envs.writeDeployment(promoteCart).catch(e => e);

    expect(error).toBeInstanceOf(GitlabApiError);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(
      /^GitLab API GET \/projects\/shop%2Fenvironments\/merge_requests\?.* for shop\/environments failed with 401: 401 Unauthorized/,
    );
    expect(error.message).toContain('api scope');
    expect(gitlab.mergeRequests).toEqual([]);
    expect(gitlab.tip(HEAD)).toBeNull();
    expect(gitlab.tip('environment/qa')).toBe(seededTip);

    const anonymous = await (await open({ token: '' })).envs
      .writeDeployment(promoteCart)
      .catch(e => e);
    expect(anonymous.message).toContain(
      'no token is configured for this host under integrations.gitlab',
    );
  });

  it('reports the target tip under fast-forward merges, where GitLab makes no merge commit', async () => {
    gitlab.hooks.fastForward = true;
    const { envs } = await open();

    const result = await envs.writeDeployment(promoteCart);

    expect(result.sha).toBe(gitlab.tip('environment/qa'));
    expect(gitlab.git('rev-parse', `${result.sha}^`)).toBe(seededTip);
    expect((await envs.read(qa)).tip).toBe(result.sha);
  });

  it("creates a new environment's branch directly: a merge request needs a target", async () => {
    const { envs } = await open();
    const dev = { name: 'dev', type: 'dev' as const };

    const result = await envs.writeDeployment({
      ...promoteCart,
      env: dev,
      message: 'promote(cart): wip to dev',
    });

    expect(result.created).toBe(true);
    expect(gitlab.tip('environment/dev')).toBe(result.sha);
    expect(gitlab.mergeRequests).toEqual([]);
  });

  it('reads the project path from the repository URL', () => {
    expect(
      parseGitlabRepositoryUrl('https://gitlab.com/shop/environments.git'),
    ).toEqual({ project: 'shop/environments' });
    expect(
      parseGitlabRepositoryUrl(
        'https://gitlab.example.com/shop/platform/envs/',
      ),
    ).toEqual({ project: 'shop/platform/envs' });
    expect(
      parseGitlabRepositoryUrl('https://example.com/gitlab/shop/envs.git', {
        baseUrl: 'https://example.com/gitlab',
      }),
    ).toEqual({ project: 'shop/envs' });
    expect(() => parseGitlabRepositoryUrl('https://gitlab.com/shop')).toThrow(
      RepositoryNotFoundError,
    );
    expect(() =>
      parseGitlabRepositoryUrl('https://gitlab.com/shop/envs/-/tree/main'),
    ).toThrow(RepositoryNotFoundError);
    expect(() =>
      parseGitlabRepositoryUrl('https://gitlab.com/shop/../envs'),
    ).toThrow(RepositoryNotFoundError);
    expect(() =>
      parseGitlabRepositoryUrl('git@gitlab.com:shop/envs.git'),
    ).toThrow(RepositoryNotFoundError);
    expect(() =>
      parseGitlabRepositoryUrl('https://other.com/shop/envs', {
        baseUrl: 'https://example.com/gitlab',
      }),
    ).toThrow(RepositoryNotFoundError);
  });
});
